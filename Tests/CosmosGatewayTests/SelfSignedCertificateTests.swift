@testable import CosmosGateway
import Foundation
import StoreTestSupport
import SwiftASN1
import Testing
import X509

/// The generated certificate is kept across starts, and made again when a configured name (host name or address) is
/// not among its subject alternative names.
@Suite struct SelfSignedCertificateTests {
    static func alternativeNames(_ pem: String) throws -> (dns: [String], addresses: [[UInt8]]) {
        let certificate = try Certificate(pemEncoded: pem)
        let names = try #require(try certificate.extensions.subjectAlternativeNames)
        var dns: [String] = []
        var addresses: [[UInt8]] = []
        for name in names {
            switch name {
            case .dnsName(let value): dns.append(value)
            case .ipAddress(let value): addresses.append(Array(value.bytes))
            default: break
            }
        }
        return (dns, addresses)
    }

    @Test func theLoopbackNamesAreAlwaysThere() async throws {
        let made = try await SelfSignedCertificate.make(names: ["127.0.0.1", "LOCALHOST", "db.example"])
        let names = try Self.alternativeNames(made.certificatePEM)
        #expect(names.dns == ["localhost", "db.example"])
        #expect(names.addresses == [[127, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]])
    }

    @Test func coverageComparesHostNamesAndAddresses() async throws {
        let made = try await SelfSignedCertificate.make(names: ["10.0.0.5", "db.example", "fd00::7"])
        let certificate = try Certificate(pemEncoded: made.certificatePEM)
        #expect(SelfSignedCertificate.covers(certificate, names: []))
        #expect(SelfSignedCertificate.covers(certificate, names: ["localhost", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1"]))
        #expect(SelfSignedCertificate.covers(certificate, names: ["10.0.0.5", "DB.example", "fd00:0::7"]))
        #expect(!SelfSignedCertificate.covers(certificate, names: ["10.0.0.6"]))
        #expect(!SelfSignedCertificate.covers(certificate, names: ["fd00::8"]))
        #expect(!SelfSignedCertificate.covers(certificate, names: ["other.example"]))
        // An address written as a host name is not the address.
        #expect(!SelfSignedCertificate.covers(certificate, names: ["10.0.0.5.example"]))
    }

    @Test func aStoredCertificateIsReusedUntilANameIsMissing() async throws {
        try await withTemporaryDirectory { path in
            let first = try await SelfSignedCertificate.loadOrCreate(in: path, extraNames: [])
            let again = try await SelfSignedCertificate.loadOrCreate(in: path, extraNames: [])
            #expect(again.certificatePEM == first.certificatePEM)
            #expect(again.privateKeyPEM == first.privateKeyPEM)
            // An address added after the first start makes a new certificate that has it.
            let withAddress = try await SelfSignedCertificate.loadOrCreate(in: path, extraNames: ["10.0.0.5"])
            #expect(withAddress.certificatePEM != first.certificatePEM)
            #expect(try Self.alternativeNames(withAddress.certificatePEM).addresses.contains([10, 0, 0, 5]))
            #expect(try String(contentsOfFile: SelfSignedCertificate.certificatePath(in: path), encoding: .utf8) == withAddress.certificatePEM)
            // The loopback names are covered by every certificate: asking for them changes nothing.
            let same = try await SelfSignedCertificate.loadOrCreate(in: path, extraNames: ["10.0.0.5", "127.0.0.1", "localhost"])
            #expect(same.certificatePEM == withAddress.certificatePEM)
            let withHost = try await SelfSignedCertificate.loadOrCreate(in: path, extraNames: ["db.example"])
            #expect(withHost.certificatePEM != withAddress.certificatePEM)
            #expect(try Self.alternativeNames(withHost.certificatePEM).dns.contains("db.example"))
        }
    }
}
