"""The AWX / Controller credential types in extensions/awx: AWX would accept them, and what they
inject is exactly the connection the modules read (module_utils/connection_options.py), resolved
through the modules' own argument spec and client factory. Pure: no server needed."""

import os
import shutil

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.testops.testmgmt.plugins.module_utils import session_auth
from ansible_collections.testops.testmgmt.plugins.module_utils.connection import build_client, product_of
from ansible_collections.testops.testmgmt.plugins.module_utils.connection_options import (
    ENV_PREFIX,
    XRAY_CLOUD_URL,
    connection_argument_spec,
    connection_option_names,
    env_name,
)
from tests.integration import support_awx
from tests.integration.playbook import run_playbook

# product (file name) -> family. Every product the collection talks to has a credential type.
PRODUCTS = {"zephyr_squad": "zephyr", "zephyr_enterprise": "zephyr", "xray_server": "xray", "xray_cloud": "xray"}
# Job-level tuning, not part of a credential: set in the job template (module args or env) instead.
TUNING = {"timeout", "retries"}
# Options that mean nothing for a product, so its credential type must not carry them.
NOT_FOR = {"xray_cloud": {"username", "password", "token", "auth_method", "validate_certs"},
           "xray_server": {"client_id", "client_secret"}}
PEM = "-----BEGIN CERTIFICATE-----\nMIIBexample\n-----END CERTIFICATE-----\n"


def test_one_credential_type_per_product():
    assert support_awx.names() == sorted(PRODUCTS)


@pytest.mark.parametrize("product", sorted(PRODUCTS))
def test_awx_accepts_the_credential_type(product):
    cred_type = support_awx.load(product)
    support_awx.validate(cred_type)
    assert cred_type["kind"] == "cloud"
    assert "testops.testmgmt" in cred_type["name"] and cred_type["description"]
    for field in cred_type["inputs"]["fields"]:
        assert field.get("label") and field.get("type") in ("string", "boolean"), field


def test_the_validator_refuses_what_awx_refuses():
    """support_awx.validate is only worth something if it fails on AWX's errors."""
    good = support_awx.load("zephyr_squad")
    broken = [
        dict(good, kind="ssh"),
        dict(good, injectors={"env": {"ZEPHYR_URL": "{{ no_such_field }}"}}),
        dict(good, injectors={"env": {"ANSIBLE_CONFIG": "{{ url }}"}}),
        dict(good, injectors={"env": {"ZEPHYR_CA_PATH": "{{ tower.filename.other }}"}}),
        dict(good, inputs={"fields": [{"id": "flag", "label": "Flag", "type": "boolean", "secret": True}]}),
        dict(good, inputs={"fields": [{"id": "url", "label": "URL"}], "required": ["token"]}),
    ]
    for cred_type in broken:
        with pytest.raises(Exception):
            support_awx.validate(cred_type)


@pytest.mark.parametrize("product", sorted(PRODUCTS))
def test_injects_exactly_the_connection_env_the_modules_read(product):
    family = PRODUCTS[product]
    env = support_awx.load(product)["injectors"]["env"]
    read = dict((env_name(family, option), option) for option in connection_option_names(family))
    assert set(env) <= set(read), "injects variables no module reads: %s" % sorted(set(env) - set(read))
    expected = set(name for name, option in read.items()
                   if option not in TUNING and option not in NOT_FOR.get(product, set()))
    assert set(env) == expected, "missing %s" % sorted(expected - set(env))
    # the fixed edition/deployment selects this very product in the client factory
    selector = "edition" if family == "zephyr" else "deployment"
    assert product_of(family, {selector: env[env_name(family, selector)]}) == product


@pytest.mark.parametrize("product", sorted(PRODUCTS))
def test_secrets_are_secret_fields_and_land_only_in_env_vars_awx_masks(product, tmp_path):
    """Fill every field with a marker, inject, and follow the markers into the env vars."""
    family = PRODUCTS[product]
    cred_type = support_awx.load(product)
    spec = connection_argument_spec(family)
    fields = support_awx.fields(cred_type)
    inputs = dict((f, True if fields[f]["type"] == "boolean" else "marker-%s-x" % f) for f in fields)
    env = support_awx.inject(cred_type, inputs, str(tmp_path))
    secret_markers = ["marker-%s-x" % f for f in fields if fields[f].get("secret")]
    for name, value in env.items():
        option = name[len(ENV_PREFIX[family]):].lower()
        carries_secret = any(marker in value for marker in secret_markers)
        if spec[option].get("no_log"):
            assert carries_secret, "%s (no_log option %s) is not fed from a secret field" % (name, option)
            assert support_awx.SENSITIVE.search(name), "AWX would show %s in job details" % name
        else:
            assert not carries_secret, "%s carries a secret but %s is not no_log" % (name, option)
    for marker in secret_markers:
        assert any(marker in value for value in env.values()), "secret field %s is never injected" % marker


def resolve(monkeypatch, tmp_path, product, inputs):
    """AWX-inject ``inputs``, then resolve them like a module: env fallbacks, types, choices, client."""
    family = PRODUCTS[product]
    for name in list(os.environ):
        if name.startswith(("ZEPHYR_", "XRAY_")):
            monkeypatch.delenv(name)
    env = support_awx.inject(support_awx.load(product), inputs, str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = ArgumentSpecValidator(connection_argument_spec(family)).validate({})
    assert not result.error_messages, (env, result.error_messages)
    params = result.validated_parameters
    return params, build_client(params, family)


SERVER_CASES = [
    ({"username": "admin", "password": "admin"}, "BasicAuth"),
    ({"token": "demo-token"}, "BearerAuth"),
    ({"token": "demo-token", "username": "", "password": ""}, "BearerAuth"),
    ({"username": "admin", "password": "admin", "auth_method": "session"}, "session"),
]
SESSION_AUTH = {"zephyr_squad": "JiraSessionAuth", "zephyr_enterprise": "ZephyrEnterpriseSessionAuth",
                "xray_server": "JiraSessionAuth"}


@pytest.mark.parametrize("product", ["zephyr_squad", "zephyr_enterprise", "xray_server"])
@pytest.mark.parametrize("inputs,auth", SERVER_CASES)
def test_server_credentials_resolve_to_the_intended_connection(monkeypatch, tmp_path, product, inputs, auth):
    url = "https://host.example.com/jira"
    params, client = resolve(monkeypatch, tmp_path, product, dict(inputs, url=url))
    assert product_of(PRODUCTS[product], params) == product
    assert client.base_url == url
    expected = SESSION_AUTH[product] if auth == "session" else auth
    assert type(client.auth).__name__ == expected
    # nothing given about TLS: certificates are checked, against the system CAs
    assert client.session.verify is True and params["ca_path"] == ""


@pytest.mark.parametrize("product", sorted(PRODUCTS))
def test_a_ca_certificate_becomes_the_ca_path(monkeypatch, tmp_path, product):
    inputs = {"url": "https://host.example.com", "token": "t", "ca_cert": PEM,
              "client_id": "demo-client", "client_secret": "demo-secret"}
    known = support_awx.fields(support_awx.load(product))
    _params, client = resolve(monkeypatch, tmp_path, product, dict((k, v) for k, v in inputs.items() if k in known))
    with open(client.session.verify, encoding="utf-8") as handle:
        assert handle.read() == PEM


@pytest.mark.parametrize("product", ["zephyr_squad", "zephyr_enterprise", "xray_server"])
def test_skip_tls_verify_turns_certificate_checks_off(monkeypatch, tmp_path, product):
    _params, client = resolve(monkeypatch, tmp_path, product,
                              {"url": "https://host.example.com", "token": "t", "skip_tls_verify": True})
    assert client.session.verify is False


EU_URL = "https://eu.xray.cloud.getxray.app"


@pytest.mark.parametrize("url,expected", [("", XRAY_CLOUD_URL), (EU_URL, EU_URL)])
def test_xray_cloud_credential_resolves_to_the_api_key_login(monkeypatch, tmp_path, url, expected):
    params, client = resolve(monkeypatch, tmp_path, "xray_cloud",
                             {"client_id": "demo-client", "client_secret": "demo-secret", "url": url})
    assert params["deployment"] == "cloud"
    assert client.base_url == expected
    assert isinstance(client.auth, session_auth.XrayCloudAuth)
    assert (client.auth.client_id, client.auth.client_secret) == ("demo-client", "demo-secret")
    assert client.session.verify is True


@pytest.mark.parametrize("doc", ["extensions/awx/README.md", "docs/docsite/rst/awx.rst"])
def test_the_awx_guides_name_every_credential_type_and_variable(doc):
    with open(os.path.join(support_awx.ROOT, doc), encoding="utf-8") as handle:
        text = handle.read()
    for product in PRODUCTS:
        cred_type = support_awx.load(product)
        assert cred_type["name"] in text, (doc, cred_type["name"])
        assert "credential_types/%s.yml" % product in text, (doc, product)
        for env in cred_type["injectors"]["env"]:
            assert env in text, (doc, env)


STUB_CREDENTIAL_TYPE = '''#!/usr/bin/python
from ansible.module_utils.basic import AnsibleModule
# awx.awx.credential_type's options, echoed back: enough to check what the README's play sends
spec = dict(name=dict(required=True), description=dict(), kind=dict(choices=["ssh", "vault", "net", "scm",
            "cloud", "insights", "kubernetes", "registry", "token", "galaxy", "external"]),
            inputs=dict(type="dict"), injectors=dict(type="dict"), state=dict(default="present"))
module = AnsibleModule(argument_spec=spec)
module.exit_json(changed=True, received=module.params)
'''


def test_the_readme_play_creates_every_credential_type_as_written(tmp_path):
    """Run the README's awx.awx play against a stand-in awx.awx.credential_type that echoes its input."""
    with open(os.path.join(support_awx.ROOT, "extensions", "awx", "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    block = readme.split("```yaml\n# save as extensions/awx/credential_types.yml", 1)[1]
    play = block.split("\n", 1)[1].split("```", 1)[0]
    stub = tmp_path / "collections" / "ansible_collections" / "awx" / "awx" / "plugins" / "modules"
    stub.mkdir(parents=True)
    (stub / "credential_type.py").write_text(STUB_CREDENTIAL_TYPE)
    project = tmp_path / "awx"
    shutil.copytree(support_awx.CREDENTIAL_TYPES_DIR, str(project / "credential_types"))
    (project / "credential_types.yml").write_text(play)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(tmp_path / "collections") + os.pathsep
               + os.environ.get("ANSIBLE_COLLECTIONS_PATH", ""))
    run = run_playbook(str(project / "credential_types.yml"), env=env)
    assert run.failed == 0 and run.rc == 0, run.stdout + run.stderr
    sent = [item["received"] for item in run.task("One credential type per product")["results"]]
    expected = [support_awx.load(product) for product in support_awx.names()]
    assert [dict((k, s[k]) for k in ("name", "description", "kind", "inputs", "injectors")) for s in sent] == expected
