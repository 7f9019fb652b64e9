"""A throw-away certificate authority and an emulator that serves HTTPS with a certificate it signed.

The CA exists only for one test session: nothing on the machine trusts it, so a client that checks
certificates the default way (system bundle) must refuse the server until it is told about the CA.
"""

import datetime
import ipaddress
import os
import ssl

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.emulator_process import Emulator


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "testops emulator"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _write(path, data):
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def make_pki(directory):
    """Write ca.pem, server.pem and server.key (for 127.0.0.1 / localhost); return their paths."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("testops throw-away CA")
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name("127.0.0.1")).issuer_name(ca_name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    return {
        "ca": _write(os.path.join(directory, "ca.pem"), ca.public_bytes(pem)),
        "cert": _write(os.path.join(directory, "server.pem"), cert.public_bytes(pem)),
        "key": _write(os.path.join(directory, "server.key"), key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
    }


class TlsEmulator(Emulator):
    """The emulator over HTTPS; its own control calls trust the throw-away CA."""

    def __init__(self, pki, extra_args=()):
        self.ssl_context = ssl.create_default_context(cafile=pki["ca"])
        super(TlsEmulator, self).__init__(extra_args=["--tls-cert", pki["cert"], "--tls-key", pki["key"]]
                                          + list(extra_args))
        if not self.url.startswith("https://"):
            self.stop()
            raise RuntimeError("emulator did not start with TLS: %s" % self.url)
