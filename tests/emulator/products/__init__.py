"""One package per product; each registers its blueprints here."""


def register_all(app):
    from tests.emulator.products import jira, zapi

    for module in (jira, zapi):
        module.register(app)
    # Optional products, added by their own modules (Zephyr Enterprise, Xray Server, Xray Cloud).
    import importlib

    for name in ("zephyr_enterprise", "xray_server", "xray_cloud"):
        try:
            module = importlib.import_module("tests.emulator.products." + name)
        except ModuleNotFoundError as exc:
            if exc.name != "tests.emulator.products." + name:
                raise
            continue
        module.register(app)
