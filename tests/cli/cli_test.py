"""Tests of the `tessera` command-line tool: every command, every exit code, every error code
the CLI can reach, and interop with PyJWT (Debian's python3-jwt).

The contract under test is docs/CLI.md: exit 0 success, 1 token rejected or input refused,
2 usage or I/O error; errors as one line `error: CODE: message` on stderr. Each test asserts
stdout, stderr and the exit status exactly. Run by ctest with TESSERA_BIN set to the binary.
"""

import base64
import json
import os
import pty
import subprocess
import sys
import tempfile
import time
import unittest

import jwt

TESSERA = os.environ.get("TESSERA_BIN", "")

SECRET = "0123456789abcdef0123456789abcdef"  # 32 bytes: enough for HS256
SECRET_64 = "s" * 64  # enough for every HS algorithm
NOW = 1_700_000_000  # 2023-11-14T22:13:20Z, given as --now so that no test depends on the clock

GUIDE_CLAIMS = '{"user_id":123,"username":"JohnDoe","admin":true}'
GUIDE_TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJ1c2VyX2lkIjoxMjMsInVzZXJuYW1lIjoiSm9obkRvZSIsImFkbWluIjp0cnVlfQ."
    "_NU3n4D8l8vrSaqZq2KuEs1lPmKE1zyISbCISWY-HFY"
)

PEM_SECRET = (
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEVs/o5+uQbTjL3chynL4wXgUg2R9\n"
    "q9UU8I5mEovUf86QZ7kOBIjJwqnzD1omageEHWwHdBO6B+dFabmdT9POxg==\n"
    "-----END PUBLIC KEY-----\n"
)

NOT_VERIFIED = "warning: signature NOT verified; do not trust these contents\n"

# The library's messages (src/error.cpp): stable API, so they are asserted in full.
MESSAGES = {
    "malformed_token": "token is not three base64url segments separated by dots",
    "token_too_large": "token is larger than the configured limit",
    "invalid_base64url": "segment is not unpadded base64url (RFC 7515 section 2)",
    "invalid_json": "segment is not well-formed JSON",
    "duplicate_member": "JSON object has a duplicate member name",
    "invalid_header": "header is not a JSON object or has a member of the wrong type",
    "json_too_deep": "JSON nesting is deeper than the configured limit",
    "invalid_number": "JSON number is not finite, or an integer beyond 64 bits outside the claims",
    "unsupported_critical_header": 'header "crit" names an extension that is not understood',
    "missing_iss": 'token has no "iss" claim',
    "invalid_payload": "payload is not a JSON object",
    "invalid_signature": "signature verification failed",
    "algorithm_not_allowed": "the token's algorithm is not in the allowed list",
    "unsecured_token": 'unsecured tokens ("alg": "none") are refused',
    "unknown_algorithm": "unknown signature algorithm",
    "missing_algorithm": 'header has no "alg"',
    "key_algorithm_mismatch": "the key may not serve the token's algorithm",
    "invalid_token_type": 'header "typ" is not the expected type',
    "token_expired": "token has expired",
    "token_not_yet_valid": "token is not yet valid (nbf)",
    "token_issued_in_future": "token was issued in the future (iat)",
    "invalid_audience": "audience does not match",
    "invalid_issuer": "issuer does not match",
    "invalid_subject": "subject does not match",
    "missing_exp": 'token has no "exp" claim',
    "missing_sub": 'token has no "sub" claim',
    "missing_jti": 'token has no "jti" claim',
    "missing_aud": 'token has no "aud" claim',
    "invalid_exp_claim": '"exp" claim is not a number of seconds in range',
    "invalid_aud_claim": '"aud" claim is neither a string nor an array of strings',
    "invalid_sub_claim": '"sub" claim is not a string',
    "key_too_short": "HMAC key is shorter than the hash (RFC 7518 section 3.2); "
    "allow_weak_key / --allow-weak-key accepts it",
    "key_looks_asymmetric": "HMAC secret looks like a PEM, OpenSSH, DER or JWK key; refusing it",
    "empty_key": "key is empty",
    "key_not_for_algorithm": "this kind of key cannot serve the requested algorithm",
    "key_outside_allow_list": "the key serves none of the allowed algorithms",
    "header_alg_not_settable": '"alg" comes from the key and cannot be set in the header',
    "invalid_leeway": "leeway must be between 0 and 365 days",
}

KNOWN_ALGORITHMS = (
    "HS256, HS384, HS512, RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, "
    "ES256K, EdDSA"
)


def error_line(code, detail=None):
    """The one stderr line of a library error, with the CLI's optional detail."""
    message = MESSAGES[code]
    if detail is not None:
        message += f" ({detail})"
    return f"error: {code}: {message}\n"


def too_large_line(limit=65536):
    return error_line("token_too_large", f"{limit} bytes; --max-token-size raises the limit")


def run(*args, stdin=b"", env=None, stdin_fd=None):
    """Runs tessera; returns (exit status, stdout, stderr) with the output decoded as UTF-8.

    stdin defaults to empty bytes (a pipe that is not a terminal), never the test's own."""
    full_env = dict(os.environ)
    full_env.pop("TESSERA_TEST_SECRET", None)
    if env:
        full_env.update(env)
    if stdin_fd is not None:
        proc = subprocess.run([TESSERA, *args], stdin=stdin_fd, capture_output=True,
                              env=full_env, timeout=60, check=False)
    else:
        if isinstance(stdin, str):
            stdin = stdin.encode()
        proc = subprocess.run([TESSERA, *args], input=stdin, capture_output=True,
                              env=full_env, timeout=60, check=False)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def pyjwt(claims, key=SECRET, alg="HS256", headers=None):
    return jwt.encode(claims, key, algorithm=alg, headers=headers)


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def raw_token(header, payload, signature=b"sig"):
    """A token with arbitrary (unsigned) segments, for decode."""
    return ".".join([b64(header.encode()), b64(payload.encode()), b64(signature)])


class CliTestCase(unittest.TestCase):
    maxDiff = None

    def assertRun(self, result, status, stdout="", stderr=""):
        self.assertEqual(result, (status, stdout, stderr))

    def assertUsage(self, result, message):
        self.assertRun(result, 2, "", f"error: usage: {message}\n")

    def encode(self, *args, stdin=b""):
        status, out, err = run("encode", *args, stdin=stdin)
        self.assertEqual((status, err), (0, ""), out)
        self.assertTrue(out.endswith("\n"))
        self.assertEqual(out.count("\n"), 1)
        return out[:-1]

    def verify_ok(self, token, *args):
        """Verifies with the default secret at NOW and returns the claims printed."""
        status, out, err = run("verify", "--alg", "HS256", "--secret", SECRET, "--now", str(NOW),
                               *args, token)
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(out.count("\n"), 1)
        return json.loads(out)

    def temp_file(self, data):
        f = tempfile.NamedTemporaryFile(delete=False)
        f.write(data if isinstance(data, bytes) else data.encode())
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name


class TopLevelTest(CliTestCase):
    def test_version_prints_library_version(self):
        status, out, err = run("--version")
        self.assertEqual((status, err), (0, ""))
        self.assertRegex(out, r"\Atessera \d+\.\d+\.\d+\n\Z")

    def test_no_command_prints_help_to_stderr_and_exits_2(self):
        status, out, err = run()
        self.assertEqual((status, out), (2, ""))
        self.assertTrue(err.startswith("Make, inspect and verify JSON Web Tokens"), err)
        for command in ("encode", "decode", "verify"):
            self.assertIn(command, err)

    def test_help_exits_0_on_stdout(self):
        for args, usage in ((["--help"], "Usage: tessera [OPTIONS] [SUBCOMMAND]"),
                            (["encode", "--help"], "Usage: tessera encode [OPTIONS] [CLAIMS_JSON]"),
                            (["decode", "--help"], "Usage: tessera decode [OPTIONS] [TOKEN]"),
                            (["verify", "--help"], "Usage: tessera verify [OPTIONS] [TOKEN]"),
                            (["verify", "-h"], "Usage: tessera verify [OPTIONS] [TOKEN]")):
            with self.subTest(args=args):
                status, out, err = run(*args)
                self.assertEqual((status, err), (0, ""))
                self.assertIn(usage, out)

    def test_command_help_has_examples(self):
        for command in ("encode", "decode", "verify"):
            with self.subTest(command=command):
                status, out, _ = run(command, "--help")
                self.assertEqual(status, 0)
                self.assertIn("Examples:\n  tessera " + command, out)

    def test_unknown_command_exits_2(self):
        self.assertUsage(run("frobnicate"),
                         "The following argument was not expected: frobnicate (see --help)")

    def test_unknown_flag_exits_2_for_every_command(self):
        for command in (["encode", "--alg", "HS256"], ["decode"], ["verify", "--alg", "HS256"]):
            with self.subTest(command=command[0]):
                self.assertUsage(run(*command, "--bogus"),
                                 "The following argument was not expected: --bogus (see --help)")

    def test_completion_prints_a_bash_script(self):
        status, out, err = run("completion", "bash")
        self.assertEqual((status, err), (0, ""))
        self.assertTrue(out.endswith("\ncomplete -F _tessera tessera\n"), out[-200:])
        # Every command and subcommand has its entry; the script is checked further by
        # tests/install/completion_test.sh (ctest cli_completion).
        for path in ("tessera", "tessera encode", "tessera user add", "tessera keys rotate",
                     "tessera jwk from-key", "tessera client add", "tessera completion"):
            self.assertIn(f"\n    '{path}')\n", out)
        syntax = subprocess.run(["bash", "-n"], input=out.encode(), capture_output=True,
                                timeout=60, check=False)
        self.assertEqual((syntax.returncode, syntax.stderr), (0, b""))

    def test_completion_for_another_shell_is_a_usage_error(self):
        self.assertUsage(run("completion", "zsh"), "SHELL: zsh not in {bash} (see --help)")
        self.assertUsage(run("completion"), "SHELL is required (see --help)")

    @unittest.skipUnless(os.path.exists("/dev/full"), "needs /dev/full")
    def test_failing_stdout_is_an_io_error(self):
        with open("/dev/full", "wb") as full:
            proc = subprocess.run([TESSERA, "encode", "--alg", "HS256", "--secret", SECRET],
                                  stdin=subprocess.DEVNULL, stdout=full, stderr=subprocess.PIPE,
                                  timeout=60, check=False)
        self.assertEqual((proc.returncode, proc.stderr),
                         (2, b"error: io_error: cannot write to standard output\n"))

    def test_control_characters_in_arguments_are_escaped_in_errors(self):
        self.assertUsage(run("decode", "--\x1b[31mred"),
                         "The following argument was not expected: --\\x1b[31mred (see --help)")


class EncodeTest(CliTestCase):
    def test_guide_token(self):
        self.assertRun(run("encode", "--alg", "HS256", "--secret", "secret", "--allow-weak-key",
                           GUIDE_CLAIMS),
                       0, GUIDE_TOKEN + "\n")

    def test_guide_secret_is_too_short_without_opt_out(self):
        self.assertRun(run("encode", "--alg", "HS256", "--secret", "secret", GUIDE_CLAIMS),
                       1, "", error_line("key_too_short"))

    def test_tokens_verify_with_pyjwt(self):
        for alg in ("HS256", "HS384", "HS512"):
            with self.subTest(alg=alg):
                token = self.encode("--alg", alg, "--secret", SECRET_64, "--sub", "alice",
                                    "--exp", "10m", '{"role":"admin"}')
                claims = jwt.decode(token, SECRET_64, algorithms=[alg])
                self.assertEqual(claims, {"role": "admin", "sub": "alice", "exp": claims["exp"]})
                self.assertTrue(0 < claims["exp"] - time.time() <= 600)

    def test_byte_identical_to_pyjwt(self):
        claims = {"sub": "alice", "n": 1.5, "name": "Jos\u00e9", "list": [1, None, True]}
        token = self.encode("--alg", "HS256", "--secret", SECRET, "--kid", "k1",
                            json.dumps(claims))
        self.assertEqual(token, pyjwt(claims, headers={"kid": "k1"}))

    def test_absent_claims_mean_empty_object_and_stdin_is_not_read(self):
        token = self.encode("--alg", "HS256", "--secret", SECRET, stdin=b'{"ignored":1}')
        self.assertEqual(token, pyjwt({}))

    def test_claims_from_stdin(self):
        token = self.encode("--alg", "HS256", "--secret", SECRET, "-", stdin=b'{"a":1}\n')
        self.assertEqual(token, pyjwt({"a": 1}))

    def test_flags_override_claims_json_in_place(self):
        token = self.encode("--alg", "HS256", "--secret", SECRET, "--sub", "flag", "--iss", "i",
                            '{"sub":"json","x":1}')
        self.assertEqual(token, pyjwt({"sub": "flag", "x": 1, "iss": "i"}))

    def test_one_aud_is_a_string_several_are_a_list(self):
        one = self.encode("--alg", "HS256", "--secret", SECRET, "--aud", "api")
        self.assertEqual(one, pyjwt({"aud": "api"}))
        self.assertEqual(jwt.decode(one, SECRET, algorithms=["HS256"], audience="api"),
                         {"aud": "api"})
        two = self.encode("--alg", "HS256", "--secret", SECRET, "--aud", "api", "--aud", "web")
        self.assertEqual(two, pyjwt({"aud": ["api", "web"]}))
        self.assertEqual(jwt.decode(two, SECRET, algorithms=["HS256"], audience="web"),
                         {"aud": ["api", "web"]})

    def test_relative_durations(self):
        token = self.encode("--alg", "HS256", "--secret", SECRET, "--now", str(NOW),
                            "--exp", "15m", "--nbf", "30s", "--iat")
        self.assertEqual(token, pyjwt({"exp": NOW + 900, "nbf": NOW + 30, "iat": NOW}))
        for duration, seconds in (("1h", 3600), ("2d", 172800), ("0s", 0), ("-1h", -3600)):
            with self.subTest(duration=duration):
                token = self.encode("--alg", "HS256", "--secret", SECRET, "--now", str(NOW),
                                    f"--exp={duration}")
                self.assertEqual(token, pyjwt({"exp": NOW + seconds}))

    def test_absolute_time(self):
        token = self.encode("--alg", "HS256", "--secret", SECRET, "--exp", "@2000000000",
                            "--nbf", "@0")
        self.assertEqual(token, pyjwt({"exp": 2000000000, "nbf": 0}))

    def test_now_0_is_honoured(self):
        token = self.encode("--alg", "HS256", "--secret", SECRET, "--now", "0", "--exp", "100s",
                            "--iat")
        self.assertEqual(token, pyjwt({"exp": 100, "iat": 0}))

    def test_iat_defaults_to_the_clock(self):
        before = int(time.time())
        token = self.encode("--alg", "HS256", "--secret", SECRET, "--iat")
        iat = jwt.decode(token, SECRET, algorithms=["HS256"])["iat"]
        self.assertTrue(before <= iat <= int(time.time()) + 1, iat)

    def test_jti_is_128_random_bits(self):
        ids = set()
        for _ in range(2):
            token = self.encode("--alg", "HS256", "--secret", SECRET, "--jti")
            jti = jwt.decode(token, SECRET, algorithms=["HS256"])["jti"]
            self.assertRegex(jti, r"\A[A-Za-z0-9_-]{22}\Z")
            self.assertEqual(len(base64.urlsafe_b64decode(jti + "==")), 16)
            ids.add(jti)
        self.assertEqual(len(ids), 2)

    def test_invalid_durations_are_usage_errors(self):
        syntax = "is not a duration (30s, 15m, 1h, 2d) or @UNIX time"
        no_unit = "has no unit: add s, m, h or d, or write @UNIX for an absolute time"
        out_of_range = "is out of range (0 to 2^53-1 seconds since 1970)"
        for value, why in (("15x", syntax), ("m", syntax), ("@", syntax), ("@-5", syntax),
                           ("-", syntax), ("1.5h", syntax), ("+5m", syntax), ("15 m", syntax),
                           ("900", no_unit), ("-900", no_unit),
                           ("@9007199254740992", out_of_range),
                           ("@99999999999999999999", out_of_range),
                           ("99999999999999999999d", out_of_range),
                           ("9999999999999d", out_of_range), ("-20000d", out_of_range)):
            with self.subTest(value=value):
                self.assertRun(run("encode", "--alg", "HS256", "--secret", SECRET, "--now",
                                   str(NOW), f"--exp={value}"),
                               2, "", f"error: invalid_duration: --exp: '{value}' {why}\n")
        self.assertRun(run("encode", "--alg", "HS256", "--secret", SECRET, "--nbf", "soon"),
                       2, "", f"error: invalid_duration: --nbf: 'soon' {syntax}\n")
        self.assertUsage(run("encode", "--alg", "HS256", "--secret", SECRET, "--exp="),
                         "--exp: 1 required DURATION missing (see --help)")

    def test_header_members_and_kid(self):
        token = self.encode("--alg", "HS256", "--secret", SECRET, "--kid", "2026-06",
                            "--header", '{"cty":"JWT","x":[1]}')
        self.assertEqual(token, pyjwt({}, headers={"kid": "2026-06", "cty": "JWT", "x": [1]}))
        # --kid wins over a kid in --header, and --header may replace typ.
        token = self.encode("--alg", "HS256", "--secret", SECRET, "--kid", "flag",
                            "--header", '{"kid":"json","typ":"at+jwt"}')
        self.assertEqual(jwt.get_unverified_header(token),
                         {"alg": "HS256", "kid": "flag", "typ": "at+jwt"})

    def test_header_cannot_set_alg(self):
        self.assertRun(run("encode", "--alg", "HS256", "--secret", SECRET, "--header",
                           '{"alg":"none"}'),
                       1, "", error_line("header_alg_not_settable"))

    def test_bad_header_json_is_refused(self):
        self.assertRun(run("encode", "--alg", "HS256", "--secret", SECRET, "--header", "{"),
                       1, "", error_line("invalid_json", "in --header"))
        self.assertRun(run("encode", "--alg", "HS256", "--secret", SECRET, "--header", "[1]"),
                       1, "", error_line("invalid_header", "--header must be a JSON object"))
        self.assertRun(run("encode", "--alg", "HS256", "--secret", SECRET, "--header",
                           '{"kid":7}'),
                       1, "", error_line("invalid_header", '--header: "kid" must be a string'))

    def test_malformed_claims_json_is_refused(self):
        for claims, code in (('{"a":', "invalid_json"), ("", "invalid_json"),
                             ("[1,2]", "invalid_payload"), ('"text"', "invalid_payload"),
                             ('{"a":1,"a":2}', "duplicate_member")):
            with self.subTest(claims=claims):
                self.assertRun(run("encode", "--alg", "HS256", "--secret", SECRET, claims),
                               1, "", error_line(code, "in CLAIMS_JSON"))
        self.assertRun(run("encode", "--alg", "HS256", "--secret", SECRET, "-", stdin=b"{nope"),
                       1, "", error_line("invalid_json", "in CLAIMS_JSON"))

    def test_bad_registered_claims_are_refused(self):
        for claims, code in (('{"exp":"tomorrow"}', "invalid_exp_claim"),
                             ('{"exp":9007199254740992}', "invalid_exp_claim"),
                             ('{"aud":[1]}', "invalid_aud_claim"),
                             ('{"sub":42}', "invalid_sub_claim")):
            with self.subTest(claims=claims):
                self.assertRun(run("encode", "--alg", "HS256", "--secret", SECRET, claims),
                               1, "", error_line(code))

    def test_claims_on_stdin_are_limited(self):
        self.assertRun(run("encode", "--alg", "HS256", "--secret", SECRET, "-",
                           stdin=b" " * (1024 * 1024 + 1)),
                       1, "", "error: input_too_large: CLAIMS_JSON on stdin is larger than "
                              "1048576 bytes\n")

    def test_non_hmac_algorithm_is_not_for_a_secret(self):
        self.assertRun(run("encode", "--alg", "RS256", "--secret", SECRET),
                       1, "", error_line("key_not_for_algorithm"))

    def test_unknown_algorithm_is_a_usage_error(self):
        self.assertRun(run("encode", "--alg", "HS999", "--secret", SECRET),
                       2, "", error_line("unknown_algorithm",
                                         f"'HS999'; known: {KNOWN_ALGORITHMS}"))
        self.assertRun(run("encode", "--alg", "hs256", "--secret", SECRET),
                       2, "", error_line("unknown_algorithm", "'hs256'; names are case-sensitive: "
                                                              "did you mean HS256?"))
        self.assertRun(run("encode", "--alg", "none", "--secret", SECRET),
                       2, "", error_line("unsecured_token", "'none'"))

    def test_missing_alg_is_a_usage_error(self):
        self.assertUsage(run("encode", "--secret", SECRET), "--alg is required (see --help)")

    def test_key_errors(self):
        self.assertRun(run("encode", "--alg", "HS256", "--secret", ""),
                       1, "", error_line("empty_key"))
        self.assertRun(run("encode", "--alg", "HS256", "--secret", PEM_SECRET),
                       1, "", error_line("key_looks_asymmetric"))
        self.assertRun(run("encode", "--alg", "HS256", "--secret", PEM_SECRET, "--allow-weak-key"),
                       1, "", error_line("key_looks_asymmetric"))
        self.assertRun(run("encode", "--alg", "HS512", "--secret", SECRET),
                       1, "", error_line("key_too_short"))


class KeySourceTest(CliTestCase):
    """--secret, --secret-file and --secret-env, for encode and verify alike."""

    def test_missing_key_is_a_usage_error(self):
        self.assertUsage(run("encode", "--alg", "HS256"),
                         "a key is required: --secret, --secret-file, --secret-env or --key")
        self.assertUsage(run("verify", "--alg", "HS256", GUIDE_TOKEN),
                         "a key is required: --secret, --secret-file, --secret-env, --key, "
                         "--jwks or --jwks-url")

    def test_several_keys_are_a_usage_error(self):
        self.assertUsage(run("encode", "--alg", "HS256", "--secret", SECRET, "--secret-env",
                             "X"),
                         "give only one of --secret, --secret-file, --secret-env and --key")
        path = self.temp_file(SECRET)
        self.assertUsage(run("verify", "--alg", "HS256", "--secret-file", path, "--secret-env",
                             "X", GUIDE_TOKEN),
                         "give only one of --secret, --secret-file, --secret-env, --key, --jwks "
                         "and --jwks-url")

    def test_secret_file_is_read_as_exact_bytes(self):
        # The trailing newline is part of the key: nothing is stripped.
        secret = SECRET.encode() + b"\n"
        path = self.temp_file(secret)
        token = self.encode("--alg", "HS256", "--secret-file", path, '{"a":1}')
        self.assertEqual(jwt.decode(token, secret, algorithms=["HS256"]), {"a": 1})
        with self.assertRaises(jwt.InvalidSignatureError):
            jwt.decode(token, SECRET, algorithms=["HS256"])
        # Bytes that are not text work too.
        binary = bytes(range(256))
        path = self.temp_file(binary)
        token = self.encode("--alg", "HS512", "--secret-file", path)
        self.assertEqual(jwt.decode(token, binary, algorithms=["HS512"]), {})
        self.assertRun(run("verify", "--alg", "HS512", "--secret-file", path, token), 0, "{}\n")

    def test_secret_env(self):
        status, out, err = run("encode", "--alg", "HS256", "--secret-env", "TESSERA_TEST_SECRET",
                               env={"TESSERA_TEST_SECRET": SECRET})
        self.assertEqual((status, out, err), (0, pyjwt({}) + "\n", ""))
        self.assertRun(run("verify", "--alg", "HS256", "--secret-env", "TESSERA_TEST_SECRET",
                           pyjwt({"a": 1}), env={"TESSERA_TEST_SECRET": SECRET}),
                       0, '{"a":1}\n')

    def test_missing_env_var_is_an_io_error(self):
        self.assertRun(run("encode", "--alg", "HS256", "--secret-env", "TESSERA_TEST_SECRET"),
                       2, "", "error: io_error: environment variable 'TESSERA_TEST_SECRET' is "
                              "not set\n")

    def test_empty_env_var_is_an_empty_key(self):
        self.assertRun(run("encode", "--alg", "HS256", "--secret-env", "TESSERA_TEST_SECRET",
                           env={"TESSERA_TEST_SECRET": ""}),
                       1, "", error_line("empty_key"))

    def test_missing_secret_file_is_an_io_error(self):
        path = os.path.join(tempfile.gettempdir(), f"tessera-cli-test-missing-{os.getpid()}")
        for command in (["encode", "--alg", "HS256"], ["verify", "--alg", "HS256"]):
            with self.subTest(command=command[0]):
                self.assertRun(run(*command, "--secret-file", path, GUIDE_TOKEN[:20]),
                               2, "", f"error: io_error: cannot open secret file '{path}': No "
                                      f"such file or directory\n")

    def test_unreadable_secret_file_is_an_io_error(self):
        # The tests may run as root, which chmod 000 does not stop: a directory cannot be read
        # by anyone.
        with tempfile.TemporaryDirectory() as directory:
            self.assertRun(run("encode", "--alg", "HS256", "--secret-file", directory),
                           2, "", f"error: io_error: cannot read secret file '{directory}': Is "
                                  f"a directory\n")

    def test_huge_secret_file_is_refused(self):
        path = self.temp_file(b"k" * (1024 * 1024 + 1))
        self.assertRun(run("encode", "--alg", "HS256", "--secret-file", path),
                       1, "", "error: input_too_large: secret file is larger than 1048576 "
                              "bytes\n")

    def test_pem_secret_file_is_refused(self):
        path = self.temp_file(PEM_SECRET)
        self.assertRun(run("verify", "--alg", "HS256", "--secret-file", path, GUIDE_TOKEN),
                       1, "", error_line("key_looks_asymmetric"))


class DecodeTest(CliTestCase):
    def test_guide_token(self):
        self.assertRun(run("decode", GUIDE_TOKEN), 0,
                       'Header:\n{\n  "alg": "HS256",\n  "typ": "JWT"\n}\n'
                       'Payload:\n{\n  "user_id": 123,\n  "username": "JohnDoe",\n'
                       '  "admin": true\n}\n'
                       "Signature: 32 bytes, NOT verified\n",
                       NOT_VERIFIED)

    def test_dates_are_shown_in_utc_and_relative_to_now(self):
        token = pyjwt({"sub": "a", "iat": NOW - 2 * 86400, "nbf": NOW - 3 * 3600,
                       "exp": NOW + 14 * 60 + 59, "nested": {"l": [], "o": {}}},
                      headers={"kid": "k"})
        self.assertRun(run("decode", "--now", str(NOW), token), 0,
                       'Header:\n{\n  "alg": "HS256",\n  "kid": "k",\n  "typ": "JWT"\n}\n'
                       "Payload:\n{\n"
                       '  "sub": "a",\n'
                       '  "iat": 1699827200,\n'
                       '  "nbf": 1699989200,\n'
                       '  "exp": 1700000899,\n'
                       '  "nested": {\n    "l": [],\n    "o": {}\n  }\n'
                       "}\n"
                       "Times (UTC):\n"
                       "  iat  2023-11-12T22:13:20Z  issued 2 d ago\n"
                       "  nbf  2023-11-14T19:13:20Z  valid since 3 h ago\n"
                       "  exp  2023-11-14T22:28:19Z  expires in 14 min\n"
                       "Signature: 32 bytes, NOT verified\n",
                       NOT_VERIFIED)

    def test_relative_times_in_every_direction(self):
        cases = (
            ({"exp": NOW - 3 * 3600}, "  exp  2023-11-14T19:13:20Z  expired 3 h ago\n"),
            ({"exp": NOW}, "  exp  2023-11-14T22:13:20Z  expired 0 s ago\n"),
            ({"nbf": NOW + 30}, "  nbf  2023-11-14T22:13:50Z  becomes valid in 30 s\n"),
            ({"iat": NOW + 5 * 86400},
             "  iat  2023-11-19T22:13:20Z  issued in the future (5 d from now)\n"),
            ({"exp": "soon"}, "  exp  not a NumericDate: a verifier will reject this token\n"),
            ({"exp": 253402300800},
             "  exp  (outside years 0000-9999)  expires in 2913221 d\n"),
            ({"iat": 0}, "  iat  1970-01-01T00:00:00Z  issued 19675 d ago\n"),
        )
        for claims, line in cases:
            with self.subTest(claims=claims):
                status, out, err = run("decode", "--now", str(NOW), "--", pyjwt(claims))
                self.assertEqual((status, err), (0, NOT_VERIFIED))
                self.assertIn("Times (UTC):\n" + line + "Signature:", out)

    def test_json_output(self):
        token = pyjwt({"sub": "alice", "n": [1, 2.5]}, headers={"kid": "k1"})
        self.assertRun(run("decode", "--json", token), 0,
                       '{"header":{"alg":"HS256","kid":"k1","typ":"JWT"},'
                       '"payload":{"sub":"alice","n":[1,2.5]}}\n',
                       NOT_VERIFIED)
        status, out, _ = run("decode", "--json", GUIDE_TOKEN)
        self.assertEqual(json.loads(out), {
            "header": {"alg": "HS256", "typ": "JWT"},
            "payload": {"user_id": 123, "username": "JohnDoe", "admin": True}})

    def test_control_characters_are_escaped(self):
        token = raw_token('{"alg":"HS256","kid":"\\u0007bell"}',
                          '{"name":"\\u001b[31mred\\u001b[0m","bidi":"\\u202e","nl":"a\\nb",'
                          '"del":"\\u007f"}')
        for args in ([], ["--json"]):
            with self.subTest(args=args):
                status, out, err = run("decode", *args, token)
                self.assertEqual((status, err), (0, NOT_VERIFIED))
                self.assertTrue(out.isascii())
                self.assertNotIn("\x1b", out)
                self.assertNotIn("\x07", out)
                self.assertNotIn("\x7f", out)
                self.assertIn('\\u001b[31mred\\u001b[0m', out)
                self.assertIn('"\\u202e"', out)
                self.assertIn('"a\\nb"', out)
                self.assertIn('"\\u0007bell"', out)
                self.assertIn('"\\u007f"', out)

    def test_unsecured_tokens_can_be_decoded(self):
        token = jwt.encode({"a": 1}, None, algorithm="none")
        self.assertRun(run("decode", "--json", token), 0,
                       '{"header":{"alg":"none","typ":"JWT"},"payload":{"a":1}}\n',
                       NOT_VERIFIED)

    def test_token_from_stdin(self):
        expected = '{"header":{"alg":"HS256","typ":"JWT"},"payload":' + GUIDE_CLAIMS + "}\n"
        for args, stdin in ((["-"], GUIDE_TOKEN + "\n"), ([], GUIDE_TOKEN + "\r\n  \n"),
                            ([], GUIDE_TOKEN)):
            with self.subTest(args=args, stdin=stdin):
                self.assertRun(run("decode", "--json", *args, stdin=stdin), 0, expected,
                               NOT_VERIFIED)

    def test_trailing_whitespace_of_an_argument_is_stripped(self):
        status, _, err = run("decode", GUIDE_TOKEN + "\n")
        self.assertEqual((status, err), (0, NOT_VERIFIED))

    def test_no_token_and_stdin_a_terminal_is_a_usage_error(self):
        try:
            leader, follower = pty.openpty()
        except OSError as e:
            self.skipTest(f"no pseudo-terminal: {e}")
        try:
            self.assertUsage(run("decode", stdin_fd=follower),
                             "no TOKEN given and standard input is a terminal (pass - to read "
                             "it)")
        finally:
            os.close(leader)
            os.close(follower)

    def test_malformed_tokens_are_rejected(self):
        header = b64(b'{"alg":"HS256"}')
        cases = (
            ("", "malformed_token"),
            ("abc", "malformed_token"),
            ("a.b.c.d", "malformed_token"),
            (".e30.", "malformed_token"),
            (header + ".e30=.sig", "invalid_base64url"),
            (header + ".e+30.sig", "invalid_base64url"),
            (b64(b"{nope") + ".e30.", "invalid_json"),
            (b64(b"[1]") + ".e30.", "invalid_header"),
            (header + "." + b64(b"[1]") + ".", "invalid_payload"),
            (header + "." + b64(b'{"a":1,"a":2}') + ".", "duplicate_member"),
        )
        for token, code in cases:
            with self.subTest(token=token):
                self.assertRun(run("decode", "--", token) if token else run("decode", "-"),
                               1, "", error_line(code))

    def test_binary_garbage_is_rejected_cleanly(self):
        garbage = bytes(range(256)) * 4 + b"\xff\xfe\x00"
        self.assertRun(run("decode", stdin=garbage), 1, "", error_line("malformed_token"))
        self.assertRun(run("decode", stdin=b"\xff\x00.\x80\x01.\x1b[31m"),
                       1, "", error_line("invalid_base64url"))

    def test_max_token_size(self):
        self.assertRun(run("decode", "--max-token-size", "100", GUIDE_TOKEN),
                       1, "", too_large_line(100))
        status, _, err = run("decode", "--max-token-size", str(len(GUIDE_TOKEN)), GUIDE_TOKEN)
        self.assertEqual((status, err), (0, NOT_VERIFIED))
        self.assertUsage(run("decode", "--max-token-size", "0", GUIDE_TOKEN),
                         "--max-token-size: Value 0 not in range 1 to 1073741824 (see --help)")
        self.assertUsage(run("decode", "--max-token-size", "-5", GUIDE_TOKEN),
                         "--max-token-size: Value -5 not in range 1 to 1073741824 (see --help)")
        self.assertUsage(run("decode", "--max-token-size", "lots", GUIDE_TOKEN),
                         "--max-token-size: Value lots not in range 1 to 1073741824 (see --help)")

    def test_stdin_beyond_the_limit_is_not_read_in_full(self):
        # 64 MiB would take noticeable time and memory if it were read; the limit stops at 64 KiB.
        self.assertRun(run("decode", stdin=b"a" * (64 * 1024 * 1024)), 1, "", too_large_line())


class VerifyTest(CliTestCase):
    def test_guide_token(self):
        self.assertRun(run("verify", "--alg", "HS256", "--secret", "secret", "--allow-weak-key",
                           GUIDE_TOKEN),
                       0, GUIDE_CLAIMS + "\n")
        self.assertRun(run("verify", "--alg", "HS256", "--secret", "secret", GUIDE_TOKEN),
                       1, "", error_line("key_too_short"))

    def test_pyjwt_tokens_verify_and_claims_are_printed_equal(self):
        claims = {"sub": "alice", "iss": "https://auth.example.com", "aud": ["api", "web"],
                  "exp": NOW + 60, "iat": NOW, "name": "Jos\u00e9", "n": [1, 2.5, None]}
        for alg in ("HS256", "HS384", "HS512"):
            with self.subTest(alg=alg):
                token = pyjwt(claims, SECRET_64, alg)
                status, out, err = run("verify", "--alg", alg, "--secret", SECRET_64, "--now",
                                       str(NOW), "--aud", "api", "--iss",
                                       "https://auth.example.com", "--require", "exp,sub,iat",
                                       token)
                self.assertEqual((status, err), (0, ""))
                self.assertEqual(out, json.dumps(claims, separators=(",", ":")) + "\n")
                self.assertEqual(json.loads(out), claims)

    def test_tessera_tokens_round_trip(self):
        token = self.encode("--alg", "HS256", "--secret", SECRET, "--now", str(NOW), "--sub",
                            "bob", "--exp", "1h", "--iat", "--jti", '{"role":"admin"}')
        claims = self.verify_ok(token, "--require", "exp,iat,jti,sub", "--sub", "bob")
        self.assertEqual(claims["role"], "admin")
        self.assertEqual(claims["exp"], NOW + 3600)
        self.assertEqual(jwt.decode(token, SECRET, algorithms=["HS256"],
                                    options={"verify_exp": False}), claims)

    def test_token_from_stdin(self):
        token = pyjwt({"a": 1})
        for args, stdin in ((["-"], token + "\n"), ([], token + "\r\n"), ([], token)):
            with self.subTest(args=args, stdin=stdin):
                self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, *args,
                                   stdin=stdin),
                               0, '{"a":1}\n')

    def test_now_0_is_a_time_like_any_other(self):
        token = pyjwt({"exp": 100})
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, "--now", "0", token),
                       0, '{"exp":100}\n')
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, "--now", "200",
                           token),
                       1, "", error_line("token_expired"))
        # Without --now the clock says it is long past 100.
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, token),
                       1, "", error_line("token_expired"))

    def test_now_out_of_range_is_a_usage_error(self):
        self.assertUsage(run("verify", "--alg", "HS256", "--secret", SECRET, "--now",
                             "9000000001", GUIDE_TOKEN),
                         "--now: Value 9000000001 not in range 0 to 9000000000 (see --help)")

    def test_claim_errors(self):
        cases = (
            ({"exp": NOW}, [], "token_expired"),
            ({"nbf": NOW + 1}, [], "token_not_yet_valid"),
            ({"iat": NOW + 1}, [], "token_issued_in_future"),
            ({"aud": "web"}, ["--aud", "api"], "invalid_audience"),
            ({"aud": "api"}, [], "invalid_audience"),
            ({}, ["--aud", "api"], "missing_aud"),
            ({"iss": "mallory"}, ["--iss", "a", "--iss", "b"], "invalid_issuer"),
            ({"sub": "eve"}, ["--sub", "alice"], "invalid_subject"),
            ({"sub": 1}, [], "invalid_sub_claim"),
            ({"exp": "never"}, [], "invalid_exp_claim"),
            ({"aud": [1]}, ["--aud", "api"], "invalid_aud_claim"),
            ({"sub": "a"}, ["--require", "exp"], "missing_exp"),
            ({"exp": NOW + 9}, ["--require", "exp,sub"], "missing_sub"),
            ({"exp": NOW + 9}, ["--require", "exp", "--require", "jti"], "missing_jti"),
        )
        for claims, args, code in cases:
            with self.subTest(claims=claims, args=args):
                self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, "--now",
                                   str(NOW), *args, pyjwt(claims)),
                               1, "", error_line(code))

    def test_audience_and_issuer_lists(self):
        token = pyjwt({"aud": ["x", "api"], "iss": "b"})
        self.assertEqual(self.verify_ok(token, "--aud", "web", "--aud", "api", "--iss", "a",
                                        "--iss", "b"),
                         {"aud": ["x", "api"], "iss": "b"})

    def test_leeway(self):
        token = pyjwt({"exp": NOW - 10})
        self.assertEqual(self.verify_ok(token, "--leeway", "11"), {"exp": NOW - 10})
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, "--now", str(NOW),
                           "--leeway", "10", token),
                       1, "", error_line("token_expired"))
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, "--leeway", "-1",
                           token),
                       2, "", error_line("invalid_leeway", "--leeway"))
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, "--leeway",
                           str(366 * 86400), token),
                       2, "", error_line("invalid_leeway", "--leeway"))

    def test_typ(self):
        token = pyjwt({}, headers={"typ": "at+jwt"})
        self.assertEqual(self.verify_ok(token, "--typ", "application/at+JWT"), {})
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, "--typ", "JWT", token),
                       1, "", error_line("invalid_token_type"))

    def test_signature_and_algorithm_errors(self):
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET,
                           pyjwt({"a": 1}, "x" * 32)),
                       1, "", error_line("invalid_signature"))
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET_64,
                           pyjwt({}, SECRET_64, "HS512")),
                       1, "", error_line("algorithm_not_allowed"))
        # A 32-byte secret may serve HS256 only, though HS512 is allowed.
        self.assertRun(run("verify", "--alg", "HS256,HS512", "--secret", SECRET,
                           pyjwt({}, SECRET, "HS512")),
                       1, "", error_line("key_algorithm_mismatch"))
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET,
                           jwt.encode({"a": 1}, None, algorithm="none")),
                       1, "", error_line("unsecured_token"))

    def test_alg_lists(self):
        for args in (["--alg", "HS256,HS384,HS512"], ["--alg", "HS256", "--alg", "HS512"],
                     ["--alg", "HS512,HS512"]):
            with self.subTest(args=args):
                self.assertRun(run("verify", *args, "--secret", SECRET_64,
                                   pyjwt({"a": 1}, SECRET_64, "HS512")),
                               0, '{"a":1}\n')

    def test_alg_errors(self):
        self.assertRun(run("verify", "--alg", "HS256,XS1", "--secret", SECRET, GUIDE_TOKEN),
                       2, "", error_line("unknown_algorithm", f"'XS1'; known: {KNOWN_ALGORITHMS}"))
        self.assertRun(run("verify", "--alg", "None", "--secret", SECRET, GUIDE_TOKEN),
                       2, "", error_line("unsecured_token", "'None'"))
        self.assertUsage(run("verify", "--secret", SECRET, GUIDE_TOKEN),
                         "--alg is required (see --help)")
        # One algorithm binds the key to it, and an RSA name cannot take a secret.
        self.assertRun(run("verify", "--alg", "RS256", "--secret", SECRET, GUIDE_TOKEN),
                       1, "", error_line("key_not_for_algorithm"))
        self.assertRun(run("verify", "--alg", "RS256,ES256", "--secret", SECRET, GUIDE_TOKEN),
                       1, "", error_line("key_outside_allow_list"))

    def test_unknown_required_claim_is_a_usage_error(self):
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, "--require",
                           "exp,role", GUIDE_TOKEN),
                       2, "", "error: unknown_claim: 'role' is not a registered claim (iss, "
                              "sub, aud, exp, nbf, iat, jti)\n")

    def test_key_errors(self):
        self.assertRun(run("verify", "--alg", "HS256", "--secret", "short", GUIDE_TOKEN),
                       1, "", error_line("key_too_short"))
        self.assertRun(run("verify", "--alg", "HS256,HS384", "--secret", "short",
                           GUIDE_TOKEN),
                       1, "", error_line("key_too_short"))
        self.assertRun(run("verify", "--alg", "HS256", "--secret", PEM_SECRET, GUIDE_TOKEN),
                       1, "", error_line("key_looks_asymmetric"))
        self.assertRun(run("verify", "--alg", "HS256", "--secret", "", GUIDE_TOKEN),
                       1, "", error_line("empty_key"))

    def test_malformed_tokens_are_rejected(self):
        header = b64(b'{"alg":"HS256"}')
        for token, code in (("not-a-token", "malformed_token"),
                            ("a.b", "malformed_token"),
                            (header + ".e30.c2ln=", "invalid_base64url"),
                            ("e30.e30.c2ln", "missing_algorithm"),
                            (b64(b'{"alg":"HS256","alg":"none"}') + ".e30.c2ln",
                             "duplicate_member")):
            with self.subTest(token=token):
                self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, token),
                               1, "", error_line(code))

    def test_header_errors(self):
        # All found before the signature is looked at, so the signatures here are made up.
        cases = (
            ('{"alg":"HS999"}', "unknown_algorithm"),
            ('{"alg":"none"}', "unsecured_token"),
            ('{"alg":"HS256","kid":7}', "invalid_header"),
            ('{"alg":"HS256","crit":["ext"],"ext":1}', "unsupported_critical_header"),
            ('{"alg":"HS256","x":' + "[" * 70 + "]" * 70 + "}", "json_too_deep"),
            ('{"alg":"HS256","x":1e999}', "invalid_number"),
        )
        for header, code in cases:
            with self.subTest(header=header):
                self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET,
                                   raw_token(header, "{}")),
                               1, "", error_line(code))

    def test_missing_issuer(self):
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, "--iss", "a",
                           pyjwt({})),
                       1, "", error_line("missing_iss"))

    def test_binary_garbage_on_stdin_is_rejected_cleanly(self):
        for garbage, code in ((bytes(range(256)) * 64, "malformed_token"),
                              (b"\x00\x01\x02\xff", "malformed_token"),
                              (b"\xc3\x28.\x00.\xff\n", "invalid_base64url")):
            with self.subTest(garbage=garbage[:8]):
                self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, stdin=garbage),
                               1, "", error_line(code))

    def test_token_too_large(self):
        # From stdin, more than 64 KiB (and the whitespace allowance) is refused unread.
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET,
                           stdin=b"a" * (70 * 1024)),
                       1, "", too_large_line())
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, "-",
                           stdin=b"a" * (16 * 1024 * 1024)),
                       1, "", too_large_line())
        # Exactly at the limit, with a newline after it, the token is not too large (only bad).
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET,
                           stdin=b"a" * 65536 + b"\n"),
                       1, "", error_line("malformed_token"))
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET,
                           stdin=b"a" * 65537 + b"\n"),
                       1, "", too_large_line())
        # As an argument too.
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, "a" * 65537),
                       1, "", too_large_line())

    def test_max_token_size_raises_the_limit(self):
        token = pyjwt({"pad": "x" * 70000})
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, stdin=token),
                       1, "", too_large_line())
        status, out, err = run("verify", "--alg", "HS256", "--secret", SECRET,
                               "--max-token-size", "200000", stdin=token + "\n")
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(json.loads(out), {"pad": "x" * 70000})
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, "--max-token-size",
                           "50", GUIDE_TOKEN),
                       1, "", too_large_line(50))

    def test_output_escapes_control_characters(self):
        token = pyjwt({"msg": "\x1b[31mred\x00"})
        self.assertRun(run("verify", "--alg", "HS256", "--secret", SECRET, token),
                       0, '{"msg":"\\u001b[31mred\\u0000"}\n')


class GuideExamplesTest(CliTestCase):
    """The examples of docs/CLI.md: make the secure-sessions guide's token, verify it, decode it."""

    def test_make_verify_decode(self):
        token = self.encode("--alg", "HS256", "--secret", "secret", "--allow-weak-key",
                            GUIDE_CLAIMS)
        self.assertEqual(token, GUIDE_TOKEN)
        self.assertRun(run("verify", "--alg", "HS256", "--secret", "secret", "--allow-weak-key",
                           "-", stdin=token + "\n"),
                       0, GUIDE_CLAIMS + "\n")
        status, out, err = run("decode", token)
        self.assertEqual((status, err), (0, NOT_VERIFIED))
        self.assertIn('"username": "JohnDoe"', out)
        tampered = token.replace("eyJ1c2VyX2lkIjoxMjMs", "eyJ1c2VyX2lkIjoxMjQs")
        self.assertRun(run("verify", "--alg", "HS256", "--secret", "secret", "--allow-weak-key",
                           tampered),
                       1, "", error_line("invalid_signature"))


def main():
    if not TESSERA or not os.access(TESSERA, os.X_OK):
        print("TESSERA_BIN must name the tessera binary", file=sys.stderr)
        return 2
    result = unittest.main(exit=False, verbosity=2).result
    return 0 if result.wasSuccessful() and result.testsRun > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
