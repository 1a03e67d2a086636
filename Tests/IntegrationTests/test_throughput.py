"""Throughput (offers): what the SDK's get_throughput and replace_throughput read and change, for containers and for
databases with shared throughput, plus the raw offer routes."""

import pytest
from azure.cosmos import PartitionKey, ThroughputProperties

from conftest import unique_name


def test_containers_report_and_change_their_throughput(database):
    fixed = database.create_container(unique_name("fixed"), PartitionKey("/pk"), offer_throughput=11000)
    default = database.create_container(unique_name("default"), PartitionKey("/pk"))
    autoscale = database.create_container(unique_name("auto"), PartitionKey("/pk"),
                                          offer_throughput=ThroughputProperties(auto_scale_max_throughput=4000))

    assert fixed.get_throughput().offer_throughput == 11000
    assert default.get_throughput().offer_throughput == 400, "a dedicated container gets 400 RU/s by default"
    assert autoscale.get_throughput().auto_scale_max_throughput == 4000

    assert fixed.replace_throughput(12000).offer_throughput == 12000
    assert fixed.get_throughput().offer_throughput == 12000
    assert len(list(fixed.read_feed_ranges())) == 2, "the partition key ranges stay as created"
    autoscale.replace_throughput(ThroughputProperties(auto_scale_max_throughput=8000))
    assert autoscale.get_throughput().auto_scale_max_throughput == 8000

    # Replacing the container's definition keeps its throughput.
    database.replace_container(default, PartitionKey("/pk"), default_ttl=60)
    assert default.get_throughput().offer_throughput == 400


def _offers_of(raw, link):
    """The offers the offers query finds for the resource whose `_self` is `link`."""
    response = raw.request("POST", "/offers", headers={"x-ms-documentdb-isquery": "True", "Content-Type": "application/query+json"},
                           json_body={"query": "SELECT * FROM root r WHERE r.resource = @link",
                                      "parameters": [{"name": "@link", "value": link}]})
    assert response.status_code == 200, response.text
    return response.json()["Offers"]


def test_a_database_shares_its_throughput(client, raw):
    name = unique_name("shared")
    shared = client.create_database(name, offer_throughput=1000)
    try:
        assert shared.get_throughput().offer_throughput == 1000
        assert shared.replace_throughput(2000).offer_throughput == 2000
        assert shared.get_throughput().offer_throughput == 2000
        sharing = shared.create_container("sharing", PartitionKey("/pk"))
        own = shared.create_container("own", PartitionKey("/pk"), offer_throughput=500)
        assert own.get_throughput().offer_throughput == 500

        # A container that shares its database's throughput has no offer of its own (the SDK then raises).
        assert [offer["content"]["offerThroughput"] for offer in _offers_of(raw, own.read()["_self"])] == [500]
        assert _offers_of(raw, sharing.read()["_self"]) == []

        # Nor has a database created without throughput (DatabaseProxy.get_throughput raises inside the SDK then).
        plain = client.create_database(name + "-plain")
        assert _offers_of(raw, plain.read()["_self"]) == []
    finally:
        client.delete_database(name)
        if name + "-plain" in [d["id"] for d in client.list_databases()]:
            client.delete_database(name + "-plain")


def test_offers_are_listed_read_and_validated(database, raw):
    container = database.create_container(unique_name("offer"), PartitionKey("/pk"), offer_throughput=600)
    rid = container.read()["_rid"]

    listed = raw.request("GET", "/offers")
    assert listed.status_code == 200, listed.text
    offer = next(o for o in listed.json()["Offers"] if o["offerResourceId"] == rid)
    assert offer["content"]["offerThroughput"] == 600
    assert offer["_self"] == f"offers/{rid}/" and offer["id"] == rid

    read = raw.request("GET", f"/offers/{rid}")
    assert read.status_code == 200, read.text
    assert read.json() == offer

    bad = dict(offer, content={"offerThroughput": "lots"})
    response = raw.request("PUT", f"/offers/{rid}", json_body=bad)
    assert response.status_code == 400 and "offerThroughput" in response.json()["message"]
    assert raw.request("GET", "/offers/AAAAAAAAAAA=").status_code == 404
    assert raw.request("DELETE", f"/offers/{rid}").status_code == 405
    assert container.get_throughput().offer_throughput == 600, "a refused replace changes nothing"


@pytest.mark.parametrize("header, value", [("x-ms-offer-throughput", "0"), ("x-ms-offer-throughput", "many"),
                                           ("x-ms-cosmos-offer-autopilot-settings", "{}")])
def test_bad_throughput_headers_are_refused(raw, header, value):
    response = raw.request("POST", "/dbs", headers={header: value}, json_body={"id": unique_name("bad")})
    assert response.status_code == 400, response.text
