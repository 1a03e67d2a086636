import Crypto
import Foundation
import SwiftASN1
import X509

/// The server's TLS identity when none is supplied: a self-signed certificate for localhost, 127.0.0.1, ::1 and any
/// configured names, made with swift-certificates on first start and kept in the data directory so that clients can
/// trust it once (`cosmolite serve --export-certificate` writes it anywhere).
struct SelfSignedCertificate {
    let certificatePEM: String
    let privateKeyPEM: String

    static func certificatePath(in dataPath: String) -> String { dataPath + "/tls/cosmolite-cert.pem" }
    static func privateKeyPath(in dataPath: String) -> String { dataPath + "/tls/cosmolite-key.pem" }

    /// The stored certificate when it is still valid for at least a day and covers `names`; a new one otherwise.
    static func loadOrCreate(in dataPath: String, extraNames: [String]) async throws -> SelfSignedCertificate {
        let certificatePath = self.certificatePath(in: dataPath)
        let keyPath = self.privateKeyPath(in: dataPath)
        if let certificatePEM = try? String(contentsOfFile: certificatePath, encoding: .utf8),
            let keyPEM = try? String(contentsOfFile: keyPath, encoding: .utf8),
            let certificate = try? Certificate(pemEncoded: certificatePEM),
            certificate.notValidAfter > Date().addingTimeInterval(86_400),
            self.covers(certificate, names: extraNames)
        {
            return SelfSignedCertificate(certificatePEM: certificatePEM, privateKeyPEM: keyPEM)
        }
        let created = try await self.make(names: extraNames)
        try FileManager.default.createDirectory(atPath: dataPath + "/tls", withIntermediateDirectories: true)
        try Data(created.certificatePEM.utf8).write(to: URL(fileURLWithPath: certificatePath))
        try Data(created.privateKeyPEM.utf8).write(to: URL(fileURLWithPath: keyPath))
        chmod(keyPath, 0o600)
        return created
    }

    static func make(names extraNames: [String]) async throws -> SelfSignedCertificate {
        let key = P256.Signing.PrivateKey()
        let privateKey = Certificate.PrivateKey(key)
        let subject = try DistinguishedName {
            CommonName("localhost")
            OrganizationName("Cosmolite")
        }
        let loopbackAddresses: [[UInt8]] = [[127, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]]
        var dnsNames = ["localhost"]
        var addresses = loopbackAddresses
        for name in extraNames where !name.isEmpty {
            if let address = Self.ipAddressBytes(name) {
                if !addresses.contains(address) { addresses.append(address) }
            } else if !dnsNames.contains(where: { $0.lowercased() == name.lowercased() }) {
                dnsNames.append(name)
            }
        }
        let alternativeNames: [GeneralName] = dnsNames.map { .dnsName($0) }
            + addresses.map { .ipAddress(ASN1OctetString(contentBytes: $0[...])) }
        let now = Date()
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: privateKey.publicKey,
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(825 * 86_400),
            issuer: subject,
            subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(alternativeNames)
            },
            issuerPrivateKey: privateKey
        )
        return SelfSignedCertificate(
            certificatePEM: try certificate.serializeAsPEM().pemString,
            privateKeyPEM: key.pemRepresentation
        )
    }

    /// Whether every configured name is in the certificate's subject alternative names: host names as DNS names
    /// (compared without regard to case), address literals as IP addresses (compared as bytes, so `::1` and
    /// `0:0::1` are the same). A name added after the first start must make a new certificate.
    static func covers(_ certificate: Certificate, names: [String]) -> Bool {
        guard let alternatives = try? certificate.extensions.subjectAlternativeNames else { return false }
        var dnsNames: Set<String> = []
        var addresses: Set<[UInt8]> = []
        for name in alternatives {
            switch name {
            case .dnsName(let dns): dnsNames.insert(dns.lowercased())
            case .ipAddress(let address): addresses.insert(Array(address.bytes))
            default: break
            }
        }
        return names.filter { !$0.isEmpty }.allSatisfy { name in
            if let address = Self.ipAddressBytes(name) { return addresses.contains(address) }
            return dnsNames.contains(name.lowercased())
        }
    }

    /// The bytes of an IPv4 or IPv6 literal, or `nil` for a host name.
    static func ipAddressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: v6) { Array($0) }
        }
        return nil
    }
}
