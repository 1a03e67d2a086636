/// A North Carolina city with one of its postal codes and an approximate centre.
public struct NorthCarolinaPlace: Sendable, Hashable {
    public var city: String
    public var postalCode: String
    public var latitude: Double
    public var longitude: Double
}

extension NorthCarolinaPlace {
    /// Fifty-six North Carolina cities and towns with a postal code of each and rounded coordinates, written for this
    /// demo from general knowledge (no data set is downloaded). Good enough for plausible geo events; not a gazetteer.
    public static let all: [NorthCarolinaPlace] = [
        .init(city: "Raleigh", postalCode: "27601", latitude: 35.7796, longitude: -78.6382),
        .init(city: "Charlotte", postalCode: "28202", latitude: 35.2271, longitude: -80.8431),
        .init(city: "Greensboro", postalCode: "27401", latitude: 36.0726, longitude: -79.7920),
        .init(city: "Durham", postalCode: "27701", latitude: 35.9940, longitude: -78.8986),
        .init(city: "Winston-Salem", postalCode: "27101", latitude: 36.0999, longitude: -80.2442),
        .init(city: "Fayetteville", postalCode: "28301", latitude: 35.0527, longitude: -78.8784),
        .init(city: "Cary", postalCode: "27511", latitude: 35.7915, longitude: -78.7811),
        .init(city: "Wilmington", postalCode: "28401", latitude: 34.2257, longitude: -77.9447),
        .init(city: "High Point", postalCode: "27260", latitude: 35.9557, longitude: -80.0053),
        .init(city: "Concord", postalCode: "28025", latitude: 35.4088, longitude: -80.5795),
        .init(city: "Asheville", postalCode: "28801", latitude: 35.5951, longitude: -82.5515),
        .init(city: "Greenville", postalCode: "27834", latitude: 35.6127, longitude: -77.3664),
        .init(city: "Gastonia", postalCode: "28052", latitude: 35.2621, longitude: -81.1873),
        .init(city: "Jacksonville", postalCode: "28540", latitude: 34.7541, longitude: -77.4302),
        .init(city: "Chapel Hill", postalCode: "27514", latitude: 35.9132, longitude: -79.0558),
        .init(city: "Rocky Mount", postalCode: "27801", latitude: 35.9382, longitude: -77.7905),
        .init(city: "Burlington", postalCode: "27215", latitude: 36.0957, longitude: -79.4378),
        .init(city: "Huntersville", postalCode: "28078", latitude: 35.4107, longitude: -80.8429),
        .init(city: "Wilson", postalCode: "27893", latitude: 35.7212, longitude: -77.9155),
        .init(city: "Kannapolis", postalCode: "28081", latitude: 35.4874, longitude: -80.6217),
        .init(city: "Apex", postalCode: "27502", latitude: 35.7327, longitude: -78.8503),
        .init(city: "Hickory", postalCode: "28601", latitude: 35.7332, longitude: -81.3412),
        .init(city: "Goldsboro", postalCode: "27530", latitude: 35.3849, longitude: -77.9928),
        .init(city: "Indian Trail", postalCode: "28079", latitude: 35.0768, longitude: -80.6692),
        .init(city: "Mooresville", postalCode: "28115", latitude: 35.5849, longitude: -80.8101),
        .init(city: "Wake Forest", postalCode: "27587", latitude: 35.9799, longitude: -78.5097),
        .init(city: "Monroe", postalCode: "28110", latitude: 34.9854, longitude: -80.5495),
        .init(city: "Salisbury", postalCode: "28144", latitude: 35.6710, longitude: -80.4742),
        .init(city: "New Bern", postalCode: "28560", latitude: 35.1085, longitude: -77.0441),
        .init(city: "Sanford", postalCode: "27330", latitude: 35.4799, longitude: -79.1803),
        .init(city: "Matthews", postalCode: "28105", latitude: 35.1168, longitude: -80.7237),
        .init(city: "Holly Springs", postalCode: "27540", latitude: 35.6513, longitude: -78.8336),
        .init(city: "Thomasville", postalCode: "27360", latitude: 35.8826, longitude: -80.0820),
        .init(city: "Cornelius", postalCode: "28031", latitude: 35.4868, longitude: -80.8601),
        .init(city: "Garner", postalCode: "27529", latitude: 35.7113, longitude: -78.6142),
        .init(city: "Asheboro", postalCode: "27203", latitude: 35.7079, longitude: -79.8136),
        .init(city: "Statesville", postalCode: "28677", latitude: 35.7826, longitude: -80.8873),
        .init(city: "Mint Hill", postalCode: "28227", latitude: 35.1796, longitude: -80.6473),
        .init(city: "Kernersville", postalCode: "27284", latitude: 36.1199, longitude: -80.0737),
        .init(city: "Morrisville", postalCode: "27560", latitude: 35.8235, longitude: -78.8256),
        .init(city: "Fuquay-Varina", postalCode: "27526", latitude: 35.5843, longitude: -78.8000),
        .init(city: "Lumberton", postalCode: "28358", latitude: 34.6182, longitude: -79.0086),
        .init(city: "Kinston", postalCode: "28501", latitude: 35.2627, longitude: -77.5816),
        .init(city: "Carrboro", postalCode: "27510", latitude: 35.9101, longitude: -79.0753),
        .init(city: "Havelock", postalCode: "28532", latitude: 34.8791, longitude: -76.9013),
        .init(city: "Shelby", postalCode: "28150", latitude: 35.2924, longitude: -81.5356),
        .init(city: "Clemmons", postalCode: "27012", latitude: 36.0215, longitude: -80.3820),
        .init(city: "Lexington", postalCode: "27292", latitude: 35.8240, longitude: -80.2534),
        .init(city: "Elizabeth City", postalCode: "27909", latitude: 36.2946, longitude: -76.2511),
        .init(city: "Boone", postalCode: "28607", latitude: 36.2168, longitude: -81.6746),
        .init(city: "Hendersonville", postalCode: "28792", latitude: 35.3187, longitude: -82.4610),
        .init(city: "Morganton", postalCode: "28655", latitude: 35.7454, longitude: -81.6848),
        .init(city: "Southern Pines", postalCode: "28387", latitude: 35.1740, longitude: -79.3923),
        .init(city: "Roanoke Rapids", postalCode: "27870", latitude: 36.4615, longitude: -77.6541),
        .init(city: "Nags Head", postalCode: "27959", latitude: 35.9574, longitude: -75.6241),
        .init(city: "Murphy", postalCode: "28906", latitude: 35.0876, longitude: -84.0213),
    ]
}
