"""Tests of the key commands and key options of the `tessera` command-line tool: `keygen`, `jwk`
(from-key, to-pem, thumbprint, public), and --key, --jwks, --jwks-url with their passphrase
options for `encode` and `verify`, against PyJWT, jwcrypto and python3-cryptography.

The contract is docs/CLI.md: exit 0 success, 1 token rejected or input refused, 2 usage or I/O
error; errors as one line `error: CODE: message` on stderr. Each test asserts stdout, stderr and
the exit status. Keys are made fresh by python3-cryptography in a temporary directory. Run by
ctest with TESSERA_BIN set to the binary (and TESSERA_VECTORS_DIR for the RFC 7638 example).
"""

import base64
import datetime
import hashlib
import hmac
import http.server
import json
import os
import pty
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import unittest

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jwt as jwcrypto_jwt

import cli_test
from cli_test import b64, run

TESSERA = cli_test.TESSERA
NOW = cli_test.NOW
CLAIMS = {"sub": "alice", "iss": "https://auth.example.com", "n": 1.5, "name": "Jos\u00e9"}
CLAIMS_JSON = json.dumps(CLAIMS)
# What verify prints for CLAIMS: compact, non-ASCII as \uXXXX, as json.dumps writes it.
CLAIMS_LINE = json.dumps(CLAIMS, separators=(",", ":")) + "\n"
PASSPHRASE = "correct horse battery staple"

ASYMMETRIC = ("RS256", "PS256", "ES256", "ES384", "ES512", "ES256K", "EdDSA")
HMAC_SIZES = {"HS256": 32, "HS384": 48, "HS512": 64}
CURVES = {"ES256": ec.SECP256R1, "ES384": ec.SECP384R1, "ES512": ec.SECP521R1,
          "ES256K": ec.SECP256K1}
JWK_CURVES = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521", "ES256K": "secp256k1"}

MESSAGES = dict(cli_test.MESSAGES)
MESSAGES.update({
    "not_a_private_key": "signing needs a private key",
    "passphrase_required": "the private key is encrypted and no passphrase was given",
    "wrong_passphrase": "the passphrase does not decrypt the private key",
    "invalid_key_data": "not a PEM, DER, X.509 or OpenSSH key that can be read",
    "rsa_key_too_small": "RSA key is smaller than 2048 bits; allow_weak_key / --allow-weak-key "
                         "accepts it",
    "secret_key_has_no_pem": "an HMAC secret has no PEM form; only asymmetric keys do",
    "invalid_jwk": "JWK is malformed (a member is missing, has the wrong type or is not "
                   "base64url)",
    "invalid_key_set": 'JWK Set is not an object with a "keys" array',
    "no_matching_key": "no key matches the token's kid and algorithm",
    "ambiguous_key": "several keys match the token (a duplicate kid, or no kid and several "
                     "candidates)",
    "key_not_usable": "the key's use, key_ops or alg do not allow this operation or algorithm",
    "jwks_fetch_failed": "the remote JWK Set could not be fetched (network, HTTP status, size "
                         "or TLS)",
    "no_usable_keys": "JWK Set has no key usable for signatures",
})

PASSPHRASE_HINT = "give --passphrase-file or --passphrase-env"
NO_PUBLIC_FORM = "a secret has no public form; --private exports it"


def error_line(code, detail=None):
    message = MESSAGES[code]
    if detail is not None:
        message += f" ({detail})"
    return f"error: {code}: {message}\n"


def usage_line(message):
    return f"error: usage: {message}\n"


def generate(alg):
    if alg in ("RS256", "PS256"):
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if alg == "EdDSA":
        return ed25519.Ed25519PrivateKey.generate()
    return ec.generate_private_key(CURVES[alg]())


def pem_private(key, password=None):
    encryption = (serialization.BestAvailableEncryption(password.encode()) if password
                  else serialization.NoEncryption())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             encryption)


def pem_public(key):
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def der_public(key):
    return key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def certificate(key):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "tessera test")])
    now = datetime.datetime(2024, 1, 1)
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
               .public_key(key.public_key()).serial_number(1)
               .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=3650)))
    digest = None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()
    return builder.sign(key, digest)


def ssh_public_line(key, directory):
    """The OpenSSH public key line, by `ssh-keygen -y` when it is installed, else by
    python3-cryptography. None for secp256k1, which OpenSSH does not know."""
    if isinstance(key, ec.EllipticCurvePrivateKey) and isinstance(key.curve, ec.SECP256K1):
        return None
    if shutil.which("ssh-keygen"):
        path = os.path.join(directory, "openssh-private")
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.OpenSSH,
                                      serialization.NoEncryption()))
        proc = subprocess.run(["ssh-keygen", "-y", "-f", path], capture_output=True, timeout=60,
                              check=True)
        os.unlink(path)
        return proc.stdout
    return key.public_key().public_bytes(serialization.Encoding.OpenSSH,
                                         serialization.PublicFormat.OpenSSH) + b"\n"


class KeyFiles:
    """One key pair for an algorithm, written in every format the tests feed to the CLI."""

    def __init__(self, alg, key, directory):
        self.alg = alg
        self.key = key
        self.directory = directory
        self.private_pem = pem_private(key)
        self.public_pem = pem_public(key)
        self.jwk = jwcrypto_jwk.JWK.from_pem(self.private_pem)
        self.thumbprint = self.jwk.thumbprint()
        cert = certificate(key)
        self.files = {
            "private.pem": self.private_pem,
            "encrypted.pem": pem_private(key, PASSPHRASE),
            "public.pem": self.public_pem,
            "public.der": der_public(key),
            "cert.pem": cert.public_bytes(serialization.Encoding.PEM),
            "cert.der": cert.public_bytes(serialization.Encoding.DER),
            "public.jwk": self.jwk.export_public().encode(),
            "private.jwk": self.jwk.export_private().encode(),
        }
        ssh = ssh_public_line(key, directory)
        if ssh is not None:
            self.files["ssh.pub"] = ssh
        for name, data in self.files.items():
            with open(self.path(name), "wb") as f:
                f.write(data)

    def path(self, name):
        return os.path.join(self.directory, f"{self.alg}-{name}")


KEYS = {}
TEMP = None


def setUpModule():
    global TEMP
    TEMP = tempfile.mkdtemp(prefix="tessera-cli-keys-")
    rsa_key = generate("RS256")
    for alg in ASYMMETRIC:
        key = rsa_key if alg in ("RS256", "PS256") else generate(alg)
        KEYS[alg] = KeyFiles(alg, key, TEMP)


def tearDownModule():
    shutil.rmtree(TEMP, ignore_errors=True)


def pyjwt_token(alg, claims=None, headers=None):
    return jwt.encode(CLAIMS if claims is None else claims, KEYS[alg].private_pem, algorithm=alg,
                      headers=headers)


class KeysTestCase(cli_test.CliTestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="tessera-cli-keys-case-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, data, mode=0o600):
        path = self.path(name)
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return path

    def read(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()

    def mode(self, name):
        return stat.S_IMODE(os.lstat(self.path(name)).st_mode)

    def ok(self, *args, env=None, stdin=b""):
        """Runs tessera, expects exit 0 and nothing on stderr, returns stdout."""
        status, out, err = run(*args, env=env, stdin=stdin)
        self.assertEqual((status, err), (0, ""), out)
        return out

    def token(self, *args, env=None):
        out = self.ok("encode", *args, env=env)
        self.assertTrue(out.endswith("\n"))
        self.assertEqual(out.count("\n"), 1)
        return out[:-1]


def run_with_umask(mask, *args):
    """Runs tessera with a given umask; returns (status, stdout, stderr)."""
    proc = subprocess.run([TESSERA, *args], stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=120, check=False, preexec_fn=lambda: os.umask(mask))
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


class KeygenTest(KeysTestCase):
    def check_asymmetric(self, alg, private_key, public_key):
        if alg in ("RS256", "PS256"):
            self.assertIsInstance(private_key, rsa.RSAPrivateKey)
            self.assertEqual(private_key.key_size, 2048)
        elif alg == "EdDSA":
            self.assertIsInstance(private_key, ed25519.Ed25519PrivateKey)
        else:
            self.assertIsInstance(private_key.curve, CURVES[alg])
        self.assertEqual(pem_public(private_key),
                         public_key.public_bytes(serialization.Encoding.PEM,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo))

    def test_every_algorithm_as_pem(self):
        for alg in ASYMMETRIC:
            with self.subTest(alg=alg):
                self.assertRun(run("keygen", "--alg", alg, "--out", self.path(f"{alg}.pem"),
                                   "--public-out", self.path(f"{alg}.pub")), 0)
                self.assertEqual(self.mode(f"{alg}.pem"), 0o600)
                private_pem = self.read(f"{alg}.pem")
                public_pem = self.read(f"{alg}.pub")
                self.assertTrue(private_pem.startswith(b"-----BEGIN PRIVATE KEY-----\n"))
                self.assertTrue(public_pem.startswith(b"-----BEGIN PUBLIC KEY-----\n"))
                private_key = serialization.load_pem_private_key(private_pem, None)
                public_key = serialization.load_pem_public_key(public_pem)
                self.check_asymmetric(alg, private_key, public_key)
                # The key signs with the CLI, and PyJWT and the CLI verify with the public key.
                token = self.token("--alg", alg, "--key", self.path(f"{alg}.pem"), CLAIMS_JSON)
                self.assertEqual(jwt.decode(token, public_pem, algorithms=[alg]), CLAIMS)
                self.assertRun(run("verify", "--alg", alg, "--key", self.path(f"{alg}.pub"),
                                   "--iss", CLAIMS["iss"], token),
                               0, CLAIMS_LINE)

    def test_every_hmac_algorithm_writes_raw_secret_bytes(self):
        for alg, size in HMAC_SIZES.items():
            with self.subTest(alg=alg):
                self.assertRun(run("keygen", "--alg", alg, "--out", self.path(alg)), 0)
                self.assertEqual(self.mode(alg), 0o600)
                secret = self.read(alg)
                self.assertEqual(len(secret), size)
                token = self.token("--alg", alg, "--secret-file", self.path(alg), '{"a":1}')
                self.assertEqual(jwt.decode(token, secret, algorithms=[alg]), {"a": 1})
        # Two secrets are never the same.
        self.assertNotEqual(self.read("HS256"), self.read("HS384")[:32])

    def test_hmac_secret_to_a_pipe_is_raw(self):
        proc = subprocess.run([TESSERA, "keygen", "--alg", "HS512"], stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=60, check=False)
        self.assertEqual((proc.returncode, proc.stderr, len(proc.stdout)), (0, b"", 64))

    def test_hmac_secret_is_never_written_to_a_terminal(self):
        controller, terminal = pty.openpty()
        try:
            proc = subprocess.run([TESSERA, "keygen", "--alg", "HS256"],
                                  stdin=subprocess.DEVNULL, stdout=terminal,
                                  stderr=subprocess.PIPE, timeout=60, check=False)
        finally:
            os.close(terminal)
            os.close(controller)
        self.assertEqual((proc.returncode, proc.stderr.decode()),
                         (2, usage_line("refusing to write a raw secret to a terminal; use "
                                        "--out FILE, or --format jwk")))

    def test_every_algorithm_as_jwk(self):
        for alg in (*HMAC_SIZES, *ASYMMETRIC):
            with self.subTest(alg=alg):
                args = ["keygen", "--alg", alg, "--format", "jwk", "--out", self.path(f"{alg}.jwk")]
                if alg not in HMAC_SIZES:
                    args += ["--public-out", self.path(f"{alg}.pub.jwk")]
                self.assertRun(run(*args), 0)
                self.assertEqual(self.mode(f"{alg}.jwk"), 0o600)
                text = self.read(f"{alg}.jwk").decode()
                self.assertTrue(text.endswith("}\n") and text.count("\n") == 1, text)
                private = json.loads(text)
                key = jwcrypto_jwk.JWK(**private)
                # The kid is the RFC 7638 thumbprint, as jwcrypto computes it.
                self.assertEqual(private["kid"], key.thumbprint())
                self.assertEqual((private["use"], private["alg"]), ("sig", alg))
                token = self.token("--alg", alg, "--key", self.path(f"{alg}.jwk"), '{"a":1}')
                # A JWK's kid goes into the header.
                self.assertEqual(jwt.get_unverified_header(token),
                                 {"alg": alg, "kid": private["kid"], "typ": "JWT"})
                if alg in HMAC_SIZES:
                    self.assertEqual(sorted(private), ["alg", "k", "kid", "kty", "use"])
                    secret = base64.urlsafe_b64decode(private["k"] + "==")
                    self.assertEqual(len(secret), HMAC_SIZES[alg])
                    self.assertEqual(jwt.decode(token, secret, algorithms=[alg]), {"a": 1})
                    continue
                public = json.loads(self.read(f"{alg}.pub.jwk"))
                self.assertEqual(public, json.loads(key.export_public()) | {
                    "kid": private["kid"], "use": "sig", "alg": alg})
                self.assertNotIn("d", public)
                self.assertIn("d", private)
                if alg == "ES256K" or alg in CURVES:
                    self.assertEqual(public["crv"], JWK_CURVES[alg])
                public_pem = key.export_to_pem()
                self.assertEqual(jwt.decode(token, public_pem, algorithms=[alg]), {"a": 1})
                self.assertRun(run("verify", "--alg", alg, "--key", self.path(f"{alg}.pub.jwk"),
                                   token),
                               0, '{"a":1}\n')

    def test_private_key_to_stdout(self):
        out = self.ok("keygen", "--alg", "ES384")
        key = serialization.load_pem_private_key(out.encode(), None)
        self.assertIsInstance(key.curve, ec.SECP384R1)
        out = self.ok("keygen", "--alg", "EdDSA", "--format", "jwk", "--kid", "k1")
        self.assertEqual(out.count("\n"), 1)
        members = json.loads(out)
        self.assertEqual((members["kty"], members["crv"], members["kid"], members["alg"]),
                         ("OKP", "Ed25519", "k1", "EdDSA"))

    def test_public_out_with_private_key_on_stdout(self):
        out = self.ok("keygen", "--alg", "ES256", "--public-out", self.path("pub.pem"))
        private_key = serialization.load_pem_private_key(out.encode(), None)
        self.assertEqual(pem_public(private_key), self.read("pub.pem"))

    def test_file_modes_ignore_a_loose_umask(self):
        self.assertRun(run_with_umask(0, "keygen", "--alg", "ES256", "--out", self.path("k"),
                                      "--public-out", self.path("k.pub")), 0, "", "")
        self.assertEqual((self.mode("k"), self.mode("k.pub")), (0o600, 0o644))
        # The public file follows the umask like any other file.
        self.assertRun(run_with_umask(0o077, "keygen", "--alg", "ES256", "--out",
                                      self.path("k2"), "--public-out", self.path("k2.pub")),
                       0, "", "")
        self.assertEqual((self.mode("k2"), self.mode("k2.pub")), (0o600, 0o600))

    def test_rsa_bits(self):
        self.assertRun(run("keygen", "--alg", "PS256", "--rsa-bits", "3072", "--out",
                           self.path("k")), 0)
        key = serialization.load_pem_private_key(self.read("k"), None)
        self.assertEqual(key.key_size, 3072)
        self.assertRun(run("keygen", "--alg", "RS256", "--rsa-bits", "1024"),
                       1, "", error_line("rsa_key_too_small"))
        self.assertUsage(run("keygen", "--alg", "ES256", "--rsa-bits", "3072"),
                         "--rsa-bits applies to RS* and PS* keys only")
        self.assertFalse(os.path.exists(self.path("k2")))

    def test_existing_files_are_kept_without_force(self):
        path = self.write("k", "old key", mode=0o644)
        message = f"error: file_exists: '{path}' exists; --force replaces it\n"
        self.assertRun(run("keygen", "--alg", "ES256", "--out", path), 2, "", message)
        self.assertEqual(self.read("k"), b"old key")
        # A public file in the way stops the private key from being made too.
        self.assertRun(run("keygen", "--alg", "ES256", "--out", self.path("new"),
                           "--public-out", path), 2, "", message)
        self.assertFalse(os.path.exists(self.path("new")))
        # A symbolic link is not followed, even a dangling one.
        os.symlink(self.path("nowhere"), self.path("link"))
        self.assertRun(run("keygen", "--alg", "HS256", "--out", self.path("link")),
                       2, "", f"error: file_exists: '{self.path('link')}' exists; --force "
                              f"replaces it\n")
        self.assertFalse(os.path.exists(self.path("nowhere")))

    def test_force_replaces_atomically(self):
        self.write("k", "old key", mode=0o644)
        self.write("k.pub", "old public key", mode=0o644)
        self.assertRun(run("keygen", "--alg", "EdDSA", "--out", self.path("k"), "--public-out",
                           self.path("k.pub"), "--force"), 0)
        key = serialization.load_pem_private_key(self.read("k"), None)
        self.assertEqual(pem_public(key), self.read("k.pub"))
        self.assertEqual(self.mode("k"), 0o600)
        # No temporary file is left behind.
        self.assertEqual(sorted(os.listdir(self.dir)), ["k", "k.pub"])
        # --force also makes new files.
        self.assertRun(run("keygen", "--alg", "HS256", "--out", self.path("s"), "--force"), 0)
        self.assertEqual((len(self.read("s")), self.mode("s")), (32, 0o600))

    def test_unwritable_directory_is_an_io_error(self):
        path = os.path.join(self.dir, "missing", "k")
        self.assertRun(run("keygen", "--alg", "ES256", "--out", path),
                       2, "", f"error: io_error: cannot create '{path}': No such file or "
                              f"directory\n")
        self.assertRun(run("keygen", "--alg", "ES256", "--out", path, "--force"),
                       2, "", f"error: io_error: cannot create a file beside '{path}': No such "
                              f"file or directory\n")

    def test_usage_errors(self):
        self.assertUsage(run("keygen"), "--alg is required (see --help)")
        self.assertUsage(run("keygen", "--alg", "HS256", "--public-out", self.path("p")),
                         "--public-out: an HMAC secret has no public key; keep it secret")
        self.assertUsage(run("keygen", "--alg", "ES256", "--kid", "k1", "--out", self.path("k")),
                         "--kid needs --format jwk: a PEM file has no key id")
        self.assertUsage(run("keygen", "--alg", "ES256", "--out", self.path("k"),
                             "--public-out", self.path("k")),
                         "--out and --public-out name the same file")
        self.assertUsage(run("keygen", "--alg", "ES256", "--format", "der"),
                         "--format: der not in {pem,jwk} (see --help)")
        self.assertRun(run("keygen", "--alg", "none"),
                       2, "", error_line("unsecured_token", "'none'"))
        self.assertEqual(os.listdir(self.dir), [])


class EncodeWithKeyTest(KeysTestCase):
    def test_pem_private_keys_sign_for_pyjwt(self):
        for alg in ASYMMETRIC:
            with self.subTest(alg=alg):
                token = self.token("--alg", alg, "--key", KEYS[alg].path("private.pem"),
                                   "--kid", "k1", CLAIMS_JSON)
                self.assertEqual(jwt.get_unverified_header(token),
                                 {"alg": alg, "kid": "k1", "typ": "JWT"})
                self.assertEqual(jwt.decode(token, KEYS[alg].public_pem, algorithms=[alg]),
                                 CLAIMS)

    def test_deterministic_signatures_are_byte_identical_to_pyjwt(self):
        for alg in ("RS256", "EdDSA"):
            with self.subTest(alg=alg):
                token = self.token("--alg", alg, "--key", KEYS[alg].path("private.pem"),
                                   CLAIMS_JSON)
                self.assertEqual(token, pyjwt_token(alg))
                # The same from the JWK of the same key, whose kid (jwcrypto's thumbprint) goes
                # into the header.
                kid = json.loads(KEYS[alg].files["private.jwk"])["kid"]
                self.assertEqual(kid, KEYS[alg].thumbprint)
                token = self.token("--alg", alg, "--key", KEYS[alg].path("private.jwk"),
                                   CLAIMS_JSON)
                self.assertEqual(token, pyjwt_token(alg, headers={"kid": kid}))

    def test_encrypted_pkcs8(self):
        files = {alg: KEYS[alg].path("encrypted.pem") for alg in ("ES256", "RS256")}
        with_newline = self.write("pass-newline", PASSPHRASE + "\n")
        with_crlf = self.write("pass-crlf", PASSPHRASE + "\r\nsecond line\n")
        exact = self.write("pass", PASSPHRASE)
        for alg, path in files.items():
            with self.subTest(alg=alg):
                for passphrase_file in (with_newline, with_crlf, exact):
                    token = self.token("--alg", alg, "--key", path, "--passphrase-file",
                                       passphrase_file, '{"a":1}')
                    self.assertEqual(jwt.decode(token, KEYS[alg].public_pem, algorithms=[alg]),
                                     {"a": 1})
                token = self.token("--alg", alg, "--key", path, "--passphrase-env", "TESSERA_PASS",
                                   '{"a":1}', env={"TESSERA_PASS": PASSPHRASE})
                self.assertEqual(jwt.decode(token, KEYS[alg].public_pem, algorithms=[alg]),
                                 {"a": 1})
                self.assertRun(run("encode", "--alg", alg, "--key", path),
                               1, "", error_line("passphrase_required", PASSPHRASE_HINT))
                self.assertRun(run("encode", "--alg", alg, "--key", path, "--passphrase-env",
                                   "TESSERA_PASS", env={"TESSERA_PASS": "wrong"}),
                               1, "", error_line("wrong_passphrase"))
                # An empty passphrase is no passphrase.
                self.assertRun(run("encode", "--alg", alg, "--key", path, "--passphrase-env",
                                   "TESSERA_PASS", env={"TESSERA_PASS": ""}),
                               1, "", error_line("passphrase_required", PASSPHRASE_HINT))

    def test_passphrase_errors(self):
        key = KEYS["ES256"].path("encrypted.pem")
        missing = self.path("missing")
        self.assertRun(run("encode", "--alg", "ES256", "--key", key, "--passphrase-file",
                           missing),
                       2, "", f"error: io_error: cannot open passphrase file '{missing}': No such "
                              f"file or directory\n")
        self.assertRun(run("encode", "--alg", "ES256", "--key", key, "--passphrase-env",
                           "TESSERA_UNSET_PASSPHRASE"),
                       2, "", "error: io_error: environment variable 'TESSERA_UNSET_PASSPHRASE' "
                              "is not set\n")
        self.assertUsage(run("encode", "--alg", "ES256", "--key", key, "--passphrase-env", "A",
                             "--passphrase-file", missing),
                         "give only one of --passphrase-file and --passphrase-env")
        self.assertUsage(run("encode", "--alg", "HS256", "--secret", cli_test.SECRET,
                             "--passphrase-env", "A"),
                         "--passphrase-file and --passphrase-env go with --key")

    def test_private_jwk(self):
        for alg in ASYMMETRIC:
            with self.subTest(alg=alg):
                members = json.loads(KEYS[alg].files["private.jwk"]) | {"kid": "jwk-1"}
                path = self.write(f"{alg}.jwk", json.dumps(members))
                token = self.token("--alg", alg, "--key", path, '{"a":1}')
                self.assertEqual(jwt.get_unverified_header(token),
                                 {"alg": alg, "kid": "jwk-1", "typ": "JWT"})
                self.assertEqual(jwt.decode(token, KEYS[alg].public_pem, algorithms=[alg]),
                                 {"a": 1})
        # --kid and a kid in --header win over the JWK's.
        token = self.token("--alg", "ES256", "--key", self.path("ES256.jwk"), "--kid", "flag")
        self.assertEqual(jwt.get_unverified_header(token)["kid"], "flag")
        token = self.token("--alg", "ES256", "--key", self.path("ES256.jwk"), "--header",
                           '{"kid":"header"}')
        self.assertEqual(jwt.get_unverified_header(token)["kid"], "header")

    def test_oct_jwk_signs_hmac(self):
        secret = b"k" * 32
        path = self.write("oct.jwk", json.dumps({"kty": "oct", "k": b64(secret)}))
        token = self.token("--alg", "HS256", "--key", path, '{"a":1}')
        self.assertEqual(token, jwt.encode({"a": 1}, secret, algorithm="HS256"))

    def test_oct_jwk_verifies_hmac(self):
        secret = b"k" * 48
        path = self.write("oct.jwk", json.dumps({"kty": "oct", "k": b64(secret)}))
        token = jwt.encode({"a": 1}, secret, algorithm="HS384")
        self.assertRun(run("verify", "--alg", "HS384", "--key", path, token), 0, '{"a":1}\n')
        self.assertRun(run("verify", "--alg", "HS256,HS384,HS512", "--key", path,
                           jwt.encode({"a": 1}, secret, algorithm="HS512")),
                       1, "", error_line("key_algorithm_mismatch"))
        short = self.write("short.jwk", json.dumps({"kty": "oct", "k": b64(b"k" * 16)}))
        self.assertRun(run("verify", "--alg", "HS256", "--key", short, token),
                       1, "", error_line("key_too_short"))

    def test_public_keys_cannot_sign(self):
        for name in ("public.pem", "public.jwk"):
            with self.subTest(name=name):
                self.assertRun(run("encode", "--alg", "ES256", "--key",
                                   KEYS["ES256"].path(name)),
                               1, "", error_line("not_a_private_key"))

    def test_key_must_fit_the_algorithm(self):
        for alg, key in (("ES384", "ES256"), ("ES256", "ES256K"), ("RS256", "EdDSA"),
                         ("EdDSA", "RS256"), ("HS256", "RS256")):
            for name in ("private.pem", "private.jwk"):
                with self.subTest(alg=alg, key=key, name=name):
                    self.assertRun(run("encode", "--alg", alg, "--key", KEYS[key].path(name)),
                                   1, "", error_line("key_not_for_algorithm"))

    def test_weak_rsa_key(self):
        weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
        path = self.write("weak.pem", pem_private(weak))
        self.assertRun(run("encode", "--alg", "RS256", "--key", path),
                       1, "", error_line("rsa_key_too_small"))
        token = self.token("--alg", "RS256", "--key", path, "--allow-weak-key", '{"a":1}')
        self.assertEqual(token, jwt.encode({"a": 1}, pem_private(weak), algorithm="RS256"))

    def test_unreadable_key_files(self):
        missing = self.path("missing.pem")
        self.assertRun(run("encode", "--alg", "ES256", "--key", missing),
                       2, "", f"error: io_error: cannot open key file '{missing}': No such file "
                              f"or directory\n")
        self.assertRun(run("encode", "--alg", "ES256", "--key", self.dir),
                       2, "", f"error: io_error: cannot read key file '{self.dir}': Is a "
                              f"directory\n")
        huge = self.write("huge", b"k" * (1024 * 1024 + 1))
        self.assertRun(run("encode", "--alg", "ES256", "--key", huge),
                       1, "", "error: input_too_large: key file is larger than 1048576 bytes\n")

    def test_malformed_key_files(self):
        cases = (
            (b"not a key", error_line("invalid_key_data")),
            (b"", error_line("invalid_key_data")),
            (b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
             error_line("invalid_key_data")),
            (b'{"kty":"EC"', error_line("invalid_json", "in key file")),
            (b'{"kty":"EC","crv":"P-256"}', error_line("invalid_jwk")),
            (b'  {"keys":[]}', error_line("invalid_jwk",
                                          "the key file is a JWK Set, not one JWK")),
        )
        for data, expected in cases:
            with self.subTest(data=data):
                path = self.write("bad", data)
                self.assertRun(run("encode", "--alg", "ES256", "--key", path), 1, "", expected)

    def test_key_options_are_exclusive(self):
        message = "give only one of --secret, --secret-file, --secret-env and --key"
        self.assertUsage(run("encode", "--alg", "ES256", "--secret", "x", "--key",
                             KEYS["ES256"].path("private.pem")), message)
        self.assertUsage(run("encode", "--alg", "ES256"),
                         "a key is required: --secret, --secret-file, --secret-env or --key")
        self.assertUsage(run("encode", "--alg", "ES256", "--jwks", "x"),
                         "The following argument was not expected: --jwks (see --help)")


class VerifyWithKeyTest(KeysTestCase):
    FORMATS = ("public.pem", "public.der", "cert.pem", "cert.der", "ssh.pub", "public.jwk",
               "private.pem", "private.jwk")

    def test_pyjwt_tokens_with_every_key_format(self):
        for alg in ASYMMETRIC:
            token = pyjwt_token(alg)
            for name in self.FORMATS:
                if name not in KEYS[alg].files:
                    continue  # OpenSSH has no secp256k1 keys
                with self.subTest(alg=alg, key=name):
                    self.assertRun(run("verify", "--alg", alg, "--key", KEYS[alg].path(name),
                                       token),
                                   0, CLAIMS_LINE)

    def test_openssh_formats_are_covered(self):
        # ssh.pub exists for every algorithm OpenSSH knows.
        for alg in ("RS256", "ES256", "ES384", "ES512", "EdDSA"):
            self.assertIn("ssh.pub", KEYS[alg].files)
            self.assertRegex(KEYS[alg].files["ssh.pub"], rb"\A(ssh-|ecdsa-sha2-)")

    def test_jwcrypto_tokens(self):
        for alg in ASYMMETRIC:
            with self.subTest(alg=alg):
                token = jwcrypto_jwt.JWT(header={"alg": alg, "kid": "x"}, claims={"a": 1})
                token.make_signed_token(KEYS[alg].jwk)
                self.assertRun(run("verify", "--alg", alg, "--key", KEYS[alg].path("public.jwk"),
                                   token.serialize()),
                               0, '{"a":1}\n')

    def test_encrypted_private_key_verifies_with_passphrase(self):
        token = pyjwt_token("ES256", {"a": 1})
        path = KEYS["ES256"].path("encrypted.pem")
        self.assertRun(run("verify", "--alg", "ES256", "--key", path, "--passphrase-env", "P",
                           token, env={"P": PASSPHRASE}),
                       0, '{"a":1}\n')
        self.assertRun(run("verify", "--alg", "ES256", "--key", path, token),
                       1, "", error_line("passphrase_required", PASSPHRASE_HINT))

    def test_wrong_key_is_an_invalid_signature(self):
        other = generate("ES256")
        path = self.write("other.pem", pem_public(other))
        self.assertRun(run("verify", "--alg", "ES256", "--key", path, pyjwt_token("ES256")),
                       1, "", error_line("invalid_signature"))

    def test_key_for_another_curve(self):
        es384_token = pyjwt_token("ES384", {"a": 1})
        es256_key = KEYS["ES256"].path("public.pem")
        # Bound to the one algorithm of --alg, which a P-256 key cannot serve.
        self.assertRun(run("verify", "--alg", "ES384", "--key", es256_key, es384_token),
                       1, "", error_line("key_not_for_algorithm"))
        self.assertRun(run("verify", "--alg", "ES384", "--key", KEYS["ES256"].path("public.jwk"),
                           es384_token),
                       1, "", error_line("key_not_for_algorithm"))
        # With several algorithms the key serves ES256, and the ES384 token is refused.
        self.assertRun(run("verify", "--alg", "ES256,ES384", "--key", es256_key, es384_token),
                       1, "", error_line("key_algorithm_mismatch"))
        # None of the algorithms at all.
        self.assertRun(run("verify", "--alg", "ES384,ES512", "--key", es256_key, es384_token),
                       1, "", error_line("key_outside_allow_list"))

    def test_algorithm_not_allowed(self):
        self.assertRun(run("verify", "--alg", "PS256", "--key", KEYS["RS256"].path("public.pem"),
                           pyjwt_token("RS256")),
                       1, "", error_line("algorithm_not_allowed"))
        # An RSA key serves RS* and PS* when --alg names several.
        self.assertRun(run("verify", "--alg", "RS256,PS256", "--key",
                           KEYS["RS256"].path("public.pem"), pyjwt_token("PS256", {"a": 1})),
                       0, '{"a":1}\n')

    def test_algorithm_confusion_is_refused(self):
        # CVE-2022-29217: an HS256 token whose "secret" is the RS256 public key PEM.
        public_pem = KEYS["RS256"].public_pem
        signing_input = (b64(b'{"alg":"HS256","typ":"JWT"}') + "." + b64(b'{"sub":"admin"}'))
        signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
        forged = signing_input + "." + b64(signature)
        self.assertRun(run("verify", "--alg", "HS256", "--secret-file",
                           KEYS["RS256"].path("public.pem"), forged),
                       1, "", error_line("key_looks_asymmetric"))
        self.assertRun(run("verify", "--alg", "HS256", "--secret-file",
                           KEYS["RS256"].path("public.pem"), "--allow-weak-key", forged),
                       1, "", error_line("key_looks_asymmetric"))
        # The public key as a key never serves HS256.
        self.assertRun(run("verify", "--alg", "HS256", "--key", KEYS["RS256"].path("public.pem"),
                           forged),
                       1, "", error_line("key_not_for_algorithm"))
        self.assertRun(run("verify", "--alg", "HS256,RS256", "--key",
                           KEYS["RS256"].path("public.pem"), forged),
                       1, "", error_line("key_algorithm_mismatch"))
        # Nor does a JWK of it.
        self.assertRun(run("verify", "--alg", "HS256,RS256", "--key",
                           KEYS["RS256"].path("public.jwk"), forged),
                       1, "", error_line("key_algorithm_mismatch"))

    def test_weak_rsa_key(self):
        weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
        path = self.write("weak.pub", pem_public(weak))
        token = jwt.encode({"a": 1}, pem_private(weak), algorithm="RS256")
        self.assertRun(run("verify", "--alg", "RS256", "--key", path, token),
                       1, "", error_line("rsa_key_too_small"))
        self.assertRun(run("verify", "--alg", "RS256", "--key", path, "--allow-weak-key", token),
                       0, '{"a":1}\n')

    def test_key_options_are_exclusive(self):
        everything = "--secret, --secret-file, --secret-env, --key, --jwks or --jwks-url"
        self.assertUsage(run("verify", "--alg", "ES256", cli_test.GUIDE_TOKEN),
                         f"a key is required: {everything}")
        self.assertUsage(run("verify", "--alg", "ES256", "--key", "a", "--jwks", "b",
                             cli_test.GUIDE_TOKEN),
                         "give only one of --secret, --secret-file, --secret-env, --key, --jwks "
                         "and --jwks-url")
        self.assertUsage(run("verify", "--alg", "ES256", "--jwks", "a", "--passphrase-env", "P",
                             cli_test.GUIDE_TOKEN),
                         "--passphrase-file and --passphrase-env go with --key")


def jwks(*entries):
    return json.dumps({"keys": list(entries)})


def public_jwk(alg, **extra):
    return json.loads(KEYS[alg].files["public.jwk"]) | extra


class JwksTest(KeysTestCase):
    def setUp(self):
        super().setUp()
        self.second_rsa = generate("RS256")
        second = json.loads(jwcrypto_jwk.JWK.from_pem(pem_private(self.second_rsa))
                            .export_public())
        self.set_path = self.write("jwks.json", jwks(public_jwk("RS256", kid="a"),
                                                     second | {"kid": "b"},
                                                     public_jwk("ES256", kid="c")))

    def verify(self, token, alg="RS256,ES256", path=None):
        return run("verify", "--alg", alg, "--jwks", path or self.set_path, token)

    def test_kid_selects_the_key(self):
        self.assertRun(self.verify(pyjwt_token("RS256", {"k": "a"}, {"kid": "a"})),
                       0, '{"k":"a"}\n')
        token_b = jwt.encode({"k": "b"}, pem_private(self.second_rsa), algorithm="RS256",
                             headers={"kid": "b"})
        self.assertRun(self.verify(token_b), 0, '{"k":"b"}\n')
        self.assertRun(self.verify(pyjwt_token("ES256", {"k": "c"}, {"kid": "c"})),
                       0, '{"k":"c"}\n')
        # The right kid with the wrong key's signature.
        self.assertRun(self.verify(pyjwt_token("RS256", {"k": "a"}, {"kid": "b"})),
                       1, "", error_line("invalid_signature"))

    def test_unknown_kid(self):
        self.assertRun(self.verify(pyjwt_token("RS256", {}, {"kid": "z"})),
                       1, "", error_line("no_matching_key"))

    def test_kid_of_a_key_for_another_algorithm(self):
        self.assertRun(self.verify(pyjwt_token("RS256", {}, {"kid": "c"})),
                       1, "", error_line("key_not_usable"))

    def test_no_kid(self):
        # Two RSA keys could verify an RS256 token without kid: refused, not guessed.
        self.assertRun(self.verify(pyjwt_token("RS256", {})),
                       1, "", error_line("ambiguous_key"))
        # Only one key is for ES256.
        self.assertRun(self.verify(pyjwt_token("ES256", {"a": 1})), 0, '{"a":1}\n')

    def test_set_outside_allow_list(self):
        self.assertRun(self.verify(pyjwt_token("EdDSA", {}), alg="EdDSA"),
                       1, "", error_line("key_outside_allow_list"))

    def test_bad_sets(self):
        for data, code in (("{}", "invalid_key_set"), ('{"keys":{}}', "invalid_key_set"),
                           ('{"keys":[{"kty":"oct"}]}', "no_usable_keys"),
                           ("[", "invalid_json")):
            with self.subTest(data=data):
                path = self.write("bad.json", data)
                self.assertRun(self.verify(pyjwt_token("RS256", {}), path=path),
                               1, "", error_line(code))
        missing = self.path("missing.json")
        self.assertRun(self.verify(pyjwt_token("RS256", {}), path=missing),
                       2, "", f"error: io_error: cannot open JWK Set file '{missing}': No such "
                              f"file or directory\n")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# libcurl honours http_proxy and friends; the test server is on the loopback, never behind one.
NO_PROXY = {"no_proxy": "127.0.0.1,localhost,::1", "NO_PROXY": "127.0.0.1,localhost,::1"}


class JwksUrlTest(KeysTestCase):
    def setUp(self):
        super().setUp()
        self.write("jwks.json", jwks(public_jwk("RS256", kid="a"), public_jwk("ES256", kid="c")))
        self.write("not-json.json", "<html>")
        handler = lambda *a, **k: QuietHandler(*a, directory=self.dir, **k)  # noqa: E731
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(thread.join)
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def test_fetches_the_set(self):
        self.assertRun(run("verify", "--alg", "RS256,ES256", "--jwks-url",
                           self.base + "/jwks.json", pyjwt_token("ES256", {"a": 1}, {"kid": "c"}),
                           env=NO_PROXY),
                       0, '{"a":1}\n')
        self.assertRun(run("verify", "--alg", "RS256", "--jwks-url", self.base + "/jwks.json",
                           pyjwt_token("RS256", {}, {"kid": "z"}), env=NO_PROXY),
                       1, "", error_line("no_matching_key"))

    def test_not_found_is_a_fetch_failure(self):
        url = self.base + "/missing.json"
        self.assertRun(run("verify", "--alg", "RS256", "--jwks-url", url, pyjwt_token("RS256"),
                           env=NO_PROXY),
                       2, "", error_line("jwks_fetch_failed", f"{url}: HTTP status 404"))

    def test_invalid_set_is_refused(self):
        self.assertRun(run("verify", "--alg", "RS256", "--jwks-url", self.base + "/not-json.json",
                           pyjwt_token("RS256"), env=NO_PROXY),
                       1, "", error_line("invalid_json"))

    def test_https_that_cannot_connect_is_a_fetch_failure(self):
        # Port 1 on the loopback: refused at once, no network needed.
        url = "https://127.0.0.1:1/jwks.json"
        self.assertRun(run("verify", "--alg", "RS256", "--jwks-url", url, pyjwt_token("RS256"),
                           env=NO_PROXY),
                       2, "", error_line("jwks_fetch_failed",
                                         f"{url}: fetch failed: Couldn't connect to server"))

    def test_plain_http_only_to_the_loopback(self):
        message = ("--jwks-url must be an https:// URL (plain http:// only to 127.0.0.1, "
                   "localhost or [::1])")
        port = self.server.server_address[1]
        for url in ("http://example.com/jwks.json", f"http://127.0.0.1@example.com:{port}/",
                    f"http://127.0.0.1.example.com:{port}/", f"http://127.0.0.2:{port}/",
                    "ftp://127.0.0.1/jwks.json", f"HTTP://127.0.0.1:{port}/jwks.json",
                    f"http://127.0.0.1:{port}x/", "jwks.json"):
            with self.subTest(url=url):
                self.assertUsage(run("verify", "--alg", "RS256", "--jwks-url", url,
                                     pyjwt_token("RS256")), message)


class JwkCommandTest(KeysTestCase):
    def jwk_out(self, *args):
        out = self.ok("jwk", *args)
        self.assertTrue(out.endswith("\n"))
        self.assertEqual(out.count("\n"), 1)
        return json.loads(out)

    def test_from_key_public(self):
        for alg in ASYMMETRIC:
            expected = json.loads(KEYS[alg].jwk.export_public()) | {
                "kid": KEYS[alg].thumbprint, "use": "sig"}
            for name in ("public.pem", "public.der", "cert.pem", "ssh.pub", "private.pem",
                         "public.jwk"):
                if name not in KEYS[alg].files:
                    continue
                with self.subTest(alg=alg, name=name):
                    self.assertEqual(self.jwk_out("from-key", "--key", KEYS[alg].path(name)),
                                     expected)

    def test_from_key_private_round_trips_through_to_pem(self):
        for alg in ASYMMETRIC:
            with self.subTest(alg=alg):
                private = self.jwk_out("from-key", "--key", KEYS[alg].path("private.pem"),
                                       "--private")
                self.assertEqual(private, json.loads(KEYS[alg].jwk.export_private()) | {
                    "kid": KEYS[alg].thumbprint, "use": "sig"})
                path = self.write("private.jwk", json.dumps(private))
                pem = self.ok("jwk", "to-pem", "--key", path)
                self.assertEqual(pem.encode(), KEYS[alg].private_pem)
                public = self.ok("jwk", "to-pem", "--key", KEYS[alg].path("public.jwk"))
                self.assertEqual(public.encode(), KEYS[alg].public_pem)

    def test_from_key_member_order_and_alg(self):
        out = self.ok("jwk", "from-key", "--key", KEYS["ES256"].path("public.pem"), "--alg",
                      "ES256", "--kid", "k1")
        jwk = json.loads(KEYS["ES256"].files["public.jwk"])
        self.assertEqual(out, '{"kty":"EC","crv":"P-256","x":"%s","y":"%s","kid":"k1",'
                              '"use":"sig","alg":"ES256"}\n' % (jwk["x"], jwk["y"]))
        rsa_jwk = self.jwk_out("from-key", "--key", KEYS["RS256"].path("private.pem"),
                               "--private", "--alg", "PS256")
        self.assertEqual(list(rsa_jwk), ["kty", "n", "e", "d", "p", "q", "dp", "dq", "qi", "kid",
                                         "use", "alg"])
        self.assertEqual(rsa_jwk["alg"], "PS256")

    def test_from_key_keeps_a_jwk_kid(self):
        path = self.write("k.jwk", json.dumps(public_jwk("EdDSA", kid="mine")))
        self.assertEqual(self.jwk_out("from-key", "--key", path)["kid"], "mine")
        self.assertEqual(self.jwk_out("from-key", "--key", path, "--kid", "flag")["kid"], "flag")

    def test_from_key_errors(self):
        self.assertRun(run("jwk", "from-key", "--key", KEYS["ES256"].path("public.pem"),
                           "--private"),
                       1, "", error_line("not_a_private_key"))
        self.assertRun(run("jwk", "from-key", "--key", KEYS["ES256"].path("public.jwk"),
                           "--private"),
                       1, "", error_line("not_a_private_key"))
        self.assertRun(run("jwk", "from-key", "--key", KEYS["ES256"].path("public.pem"),
                           "--alg", "ES384"),
                       1, "", error_line("key_not_for_algorithm"))
        self.assertRun(run("jwk", "from-key", "--key", KEYS["ES256"].path("public.jwk"),
                           "--alg", "ES384"),
                       1, "", error_line("key_not_for_algorithm"))
        self.assertRun(run("jwk", "from-key", "--key", KEYS["ES256"].path("encrypted.pem"),
                           "--private"),
                       1, "", error_line("passphrase_required", PASSPHRASE_HINT))
        self.assertRun(run("jwk", "from-key", "--key", KEYS["ES256"].path("encrypted.pem"),
                           "--private", "--passphrase-env", "P", env={"P": "wrong"}),
                       1, "", error_line("wrong_passphrase"))
        self.assertRun(run("jwk", "from-key", "--key", KEYS["ES256"].path("public.pem"),
                           "--alg", "XS256"),
                       2, "", error_line("unknown_algorithm",
                                         f"'XS256'; known: {cli_test.KNOWN_ALGORITHMS}"))
        self.assertUsage(run("jwk", "from-key"), "--key is required (see --help)")

    def test_from_key_encrypted(self):
        status, out, err = run("jwk", "from-key", "--key", KEYS["ES256"].path("encrypted.pem"),
                               "--private", "--passphrase-env", "P", env={"P": PASSPHRASE})
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(json.loads(out), json.loads(KEYS["ES256"].jwk.export_private()) | {
            "kid": KEYS["ES256"].thumbprint, "use": "sig"})

    def test_from_key_secret(self):
        secret = bytes(range(48))
        path = self.write("secret.bin", secret)
        members = self.jwk_out("from-key", "--key", path, "--alg", "HS384", "--private")
        expected = {"kty": "oct", "k": b64(secret)}
        thumbprint = jwcrypto_jwk.JWK(**expected).thumbprint()
        self.assertEqual(members, expected | {"kid": thumbprint, "use": "sig", "alg": "HS384"})
        self.assertRun(run("jwk", "from-key", "--key", path, "--alg", "HS384"),
                       1, "", error_line("key_not_usable", NO_PUBLIC_FORM))
        oct_path = self.write("oct.jwk", json.dumps(expected))
        self.assertRun(run("jwk", "from-key", "--key", oct_path),
                       1, "", error_line("key_not_usable", NO_PUBLIC_FORM))
        self.assertRun(run("jwk", "from-key", "--key", path, "--alg", "HS512", "--private"),
                       1, "", error_line("key_too_short"))

    def test_to_pem_of_a_secret(self):
        path = self.write("oct.jwk", json.dumps({"kty": "oct", "k": b64(b"s" * 32)}))
        self.assertRun(run("jwk", "to-pem", "--key", path),
                       1, "", error_line("secret_key_has_no_pem"))

    def test_to_pem_normalises_other_formats(self):
        for name in ("public.der", "cert.der", "ssh.pub"):
            with self.subTest(name=name):
                self.assertRun(run("jwk", "to-pem", "--key", KEYS["ES384"].path(name)),
                               0, KEYS["ES384"].public_pem.decode())
        self.assertRun(run("jwk", "to-pem", "--key", KEYS["EdDSA"].path("encrypted.pem"),
                           "--passphrase-env", "P", env={"P": PASSPHRASE}),
                       0, KEYS["EdDSA"].private_pem.decode())

    def test_thumbprint_matches_jwcrypto(self):
        for alg in ASYMMETRIC:
            for name in ("public.jwk", "private.jwk", "public.pem", "private.pem", "cert.der"):
                with self.subTest(alg=alg, name=name):
                    self.assertRun(run("jwk", "thumbprint", "--key", KEYS[alg].path(name)),
                                   0, KEYS[alg].thumbprint + "\n")
        secret = {"kty": "oct", "k": b64(b"s" * 32)}
        path = self.write("oct.jwk", json.dumps(secret))
        self.assertRun(run("jwk", "thumbprint", "--key", path),
                       0, jwcrypto_jwk.JWK(**secret).thumbprint() + "\n")

    def test_thumbprint_of_the_rfc_examples(self):
        directory = os.environ.get("TESSERA_VECTORS_DIR")
        if not directory:
            self.skipTest("TESSERA_VECTORS_DIR is not set: the RFC 7638 example lives in the "
                          "conformance vectors (rfc/rfc-examples.json)")
        with open(os.path.join(directory, "rfc", "rfc-examples.json"), encoding="utf-8") as f:
            examples = json.load(f)["thumbprints"]
        self.assertTrue(any(e["id"] == "rfc7638-3.1" for e in examples))
        for example in examples:
            with self.subTest(example=example["id"]):
                path = self.write("example.jwk", json.dumps(example["jwk"]))
                self.assertRun(run("jwk", "thumbprint", "--key", path),
                               0, example["thumbprint_b64url"] + "\n")

    def test_public_strips_private_members(self):
        for alg in ASYMMETRIC:
            with self.subTest(alg=alg):
                private = json.loads(KEYS[alg].files["private.jwk"])
                members = {"kid": "k1", **private, "use": "sig", "alg": alg,
                           "key_ops": ["sign", "verify"], "x-private-note": "dropped"}
                path = self.write("private.jwk", json.dumps(members))
                out = self.jwk_out("public", "--key", path)
                expected = {k: v for k, v in members.items()
                            if k not in ("d", "p", "q", "dp", "dq", "qi", "x-private-note")}
                self.assertEqual(out, expected)
                self.assertEqual(list(out), list(expected))  # the JWK's own order
                jwcrypto_jwk.JWK(**out)  # a valid public key

    def test_public_of_other_formats(self):
        expected = json.loads(KEYS["RS256"].jwk.export_public()) | {
            "kid": KEYS["RS256"].thumbprint, "use": "sig"}
        for name in ("private.pem", "public.pem", "ssh.pub"):
            with self.subTest(name=name):
                self.assertEqual(self.jwk_out("public", "--key", KEYS["RS256"].path(name)),
                                 expected)

    def test_public_of_a_secret(self):
        path = self.write("oct.jwk", json.dumps({"kty": "oct", "k": b64(b"s" * 32)}))
        self.assertRun(run("jwk", "public", "--key", path),
                       1, "", error_line("key_not_usable", "a secret has no public form"))

    def test_subcommand_is_required(self):
        self.assertUsage(run("jwk"), "A subcommand is required (see --help)")
        self.assertUsage(run("jwk", "convert"), "A subcommand is required (see --help)")


class HelpTest(KeysTestCase):
    def test_new_commands_have_help_with_examples(self):
        for command in (["keygen"], ["jwk", "from-key"], ["jwk", "to-pem"],
                        ["jwk", "thumbprint"], ["jwk", "public"]):
            with self.subTest(command=command):
                status, out, err = run(*command, "--help")
                self.assertEqual((status, err), (0, ""))
                self.assertIn(f"Usage: tessera {' '.join(command)} [OPTIONS]", out)
                self.assertIn("Examples:\n  tessera " + command[0], out)
        status, out, err = run("jwk", "--help")
        self.assertEqual((status, err), (0, ""))
        for sub in ("from-key", "to-pem", "thumbprint", "public"):
            self.assertIn(sub, out)

    def test_top_level_help_lists_the_new_commands(self):
        status, out, _ = run("--help")
        self.assertEqual(status, 0)
        self.assertIn("keygen", out)
        self.assertIn("jwk", out)

    def test_key_options_in_encode_and_verify_help(self):
        for command, flags in (("encode", ("--key", "--passphrase-file", "--passphrase-env")),
                               ("verify", ("--key", "--jwks", "--jwks-url",
                                           "--passphrase-file", "--passphrase-env"))):
            status, out, _ = run(command, "--help")
            self.assertEqual(status, 0)
            for flag in flags:
                with self.subTest(command=command, flag=flag):
                    self.assertIn(flag + " ", out)


def main():
    if not TESSERA or not os.access(TESSERA, os.X_OK):
        print("TESSERA_BIN must name the tessera binary", file=sys.stderr)
        return 2
    result = unittest.main(exit=False, verbosity=2).result
    return 0 if result.wasSuccessful() and result.testsRun > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
