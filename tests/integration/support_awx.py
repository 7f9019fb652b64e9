"""What AWX / Automation Controller does with our credential types, reproduced for tests.

Two jobs, both following AWX's own code (awx/main/fields.py and awx_plugins.interfaces' injectors):
``validate(cred_type)`` is what AWX checks when a credential type is created (schema, field rules,
injector templates rendered against every defined field with StrictUndefined), and
``inject(cred_type, inputs, private_data_dir)`` is what a job gets: the env vars rendered in a Jinja
sandbox from the credential's inputs (empty strings left out, missing booleans False, file
templates written under ``private_data_dir/env`` and reachable as ``tower.filename.<label>``).
"""

import os
import re
import stat
import tempfile
import types

import jsonschema
import yaml
from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CREDENTIAL_TYPES_DIR = os.path.join(ROOT, "extensions", "awx", "credential_types")

# AWX refuses these in env injectors, and masks env vars whose names match SENSITIVE in job details.
ENV_BLOCKLIST = frozenset((
    "VIRTUAL_ENV", "PATH", "PYTHONPATH", "JOB_ID", "INVENTORY_ID", "INVENTORY_SOURCE_ID", "INVENTORY_UPDATE_ID",
    "AD_HOC_COMMAND_ID", "REST_API_URL", "REST_API_TOKEN", "MAX_EVENT_RES", "CALLBACK_QUEUE",
    "CALLBACK_CONNECTION", "CACHE", "JOB_CALLBACK_DEBUG", "INVENTORY_HOSTVARS", "AWX_HOST", "PROJECT_REVISION",
    "SUPERVISOR_CONFIG_PATH"))
SENSITIVE = re.compile("API|TOKEN|KEY|SECRET|PASS", re.I)

INPUTS_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "required": {"type": "array", "items": {"type": "string"}},
        "fields": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["id", "label"],
            "properties": {
                "type": {"enum": ["string", "boolean"]},
                "format": {"enum": ["ssh_private_key", "url"]},
                "choices": {"type": "array", "minItems": 1, "items": {"type": "string"}, "uniqueItems": True},
                "id": {"type": "string", "pattern": "^[a-zA-Z_]+[a-zA-Z0-9_]*$"},
                "label": {"type": "string"}, "help_text": {"type": "string"},
                "multiline": {"type": "boolean"}, "secret": {"type": "boolean"},
                "ask_at_runtime": {"type": "boolean"}, "default": {}}}}}}
INJECTORS_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "file": {"type": "object", "additionalProperties": False,
                 "patternProperties": {r"^template(\.[a-zA-Z_]+[a-zA-Z0-9_]*)?$": {"type": "string"}}},
        "env": {"type": "object", "additionalProperties": False,
                "patternProperties": {"^[a-zA-Z_]+[a-zA-Z0-9_]*$": {"type": "string", "pattern": "^[\x00-\x7F]*$"}}},
        "extra_vars": {"type": "object", "additionalProperties": False,
                       "patternProperties": {"^[a-zA-Z_]+[a-zA-Z0-9_]*$": {"type": "string"}}}}}


def names():
    return sorted(f[:-4] for f in os.listdir(CREDENTIAL_TYPES_DIR) if f.endswith(".yml"))


def load(name):
    with open(os.path.join(CREDENTIAL_TYPES_DIR, name + ".yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def fields(cred_type):
    return dict((f["id"], dict(f, type=f.get("type", "string"))) for f in cred_type["inputs"]["fields"])


def validate(cred_type):
    """Raise ValueError with AWX's reason when AWX would refuse the credential type."""
    if cred_type.get("kind") not in ("cloud", "net"):
        raise ValueError("custom credential types must be kind cloud or net, not %r" % cred_type.get("kind"))
    if not cred_type.get("name"):
        raise ValueError("a credential type needs a name")
    inputs, injectors = cred_type.get("inputs") or {}, cred_type.get("injectors") or {}
    jsonschema.validate(inputs, INPUTS_SCHEMA)
    jsonschema.validate(injectors, INJECTORS_SCHEMA)
    seen = set()
    for field in inputs.get("fields", []):
        kind = field.get("type", "string")
        if field["id"] == "tower" or field["id"] in seen:
            raise ValueError("field id %r is reserved or not unique" % field["id"])
        seen.add(field["id"])
        if "default" in field and not isinstance(field["default"], {"string": str, "boolean": bool}[kind]):
            raise ValueError("%s: default %r is not a %s" % (field["id"], field["default"], kind))
        for key in ("choices", "multiline", "format", "secret"):
            if key in field and kind != "string":
                raise ValueError("%s not allowed for %s type (%s)" % (key, kind, field["id"]))
    for required in inputs.get("required", []):
        if required not in seen:
            raise ValueError("required field %r is not defined" % required)
    for env in injectors.get("env", {}):
        if env.startswith("ANSIBLE_") or env in ENV_BLOCKLIST:
            raise ValueError("environment variable %s is not allowed in credentials" % env)
    namespace = dict((field_id, "EXAMPLE") for field_id in seen)
    files = [label for label in injectors.get("file", {}) if label.startswith("template")]
    if "template" in files and len(files) > 1:
        raise ValueError("must use multi-file syntax when injecting multiple files")
    if "template" in files:
        namespace["tower"] = types.SimpleNamespace(filename="EXAMPLE_FILENAME")
    else:
        namespace["tower"] = types.SimpleNamespace(filename=types.SimpleNamespace(
            **dict((label.split(".")[1], "EXAMPLE_FILENAME") for label in files)))
    sandbox = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    for kind, injector in injectors.items():
        for key, template in injector.items():
            try:
                sandbox.from_string(template).render(namespace)
            except (UndefinedError, SecurityError, TemplateSyntaxError) as exc:
                raise ValueError("%s %s: %s" % (kind, key, exc))


def inject(cred_type, inputs, private_data_dir):
    """The env vars a job gets from a credential with ``inputs`` (AWX's inject_credential)."""
    namespace = {}
    for name, value in inputs.items():
        if isinstance(value, bool) or value:  # AWX leaves empty strings undefined
            namespace[name] = value
    for field in cred_type["inputs"].get("fields", []):
        if field.get("type") == "boolean" and field["id"] not in inputs:
            namespace[field["id"]] = False
    sandbox = ImmutableSandboxedEnvironment()
    env_dir = os.path.join(private_data_dir, "env")
    os.makedirs(env_dir, exist_ok=True)
    single, many = None, {}
    for label, template in cred_type["injectors"].get("file", {}).items():
        path = tempfile.mkstemp(dir=env_dir)[1]
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(sandbox.from_string(template).render(**namespace))
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        if "." in label:
            many[label.split(".")[1]] = path
        else:
            single = path
    namespace["tower"] = types.SimpleNamespace(filename=single or types.SimpleNamespace(**many))
    return dict((env, sandbox.from_string(template).render(**namespace))
                for env, template in cred_type["injectors"].get("env", {}).items() if env not in ENV_BLOCKLIST)
