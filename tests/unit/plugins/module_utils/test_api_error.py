from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import (
    ApiError,
    embedded_error,
    product_message,
    redact_url,
)


class FakeResponse:
    def __init__(self, status=400, content_type="application/json", reason="Bad Request"):
        self.status_code = status
        self.headers = {"Content-Type": content_type}
        self.reason = reason


def test_jira_error_messages_and_field_errors_are_joined():
    body = {"errorMessages": ["Issue Does Not Exist"], "errors": {"summary": "required"}}
    assert product_message(body) == "Issue Does Not Exist; summary: required"


def test_zapi_shapes():
    assert product_message({"error": "Invalid Project"}) == "Invalid Project"
    assert product_message({"Error": "Cycle 9 does not exist."}) == "Cycle 9 does not exist."
    assert product_message({"date": "Unparseable date"}) == "date: Unparseable date"
    assert product_message({"Invalid Issue": "SHOP-9 is not a test"}) == "Invalid Issue: SHOP-9 is not a test"


def test_zephyr_enterprise_nested_json_message():
    assert product_message({"message": '{"message": "token expired"}'}) == "token expired"


def test_xray_string_list_and_text():
    assert product_message(["Test with key X-1 not found"]) == "Test with key X-1 not found"
    assert product_message("The Xray license is not valid", FakeResponse(401, "text/plain")) == \
        "The Xray license is not valid"


def test_html_answer_points_at_the_url():
    text = "<html><head><title>Log in - Jira</title></head><body>...</body></html>"
    message = product_message(text, FakeResponse(200, "text/html"))
    assert "HTML page (Log in - Jira)" in message and "check url" in message


def test_messages_are_one_bounded_line():
    message = product_message({"error": "a\nb\n" + "x" * 1000})
    assert "\n" not in message and len(message) <= 400


def test_embedded_errors_in_200_answers():
    assert embedded_error({"errorDesc": "Login Required.", "errorId": "ERROR"}) == "Login Required."
    assert embedded_error({"error": "No execution"}) == "No execution"
    assert embedded_error({"id": 1, "error": ""}) is None
    assert embedded_error([1, 2]) is None


def test_credentials_are_redacted_from_urls():
    assert redact_url("https://admin:secret@jira.example.com/x") == "https://jira.example.com/x"
    err = ApiError("boom", method="GET", url="https://u:p@h/x", status=500)
    assert "p@" not in str(err) and str(err) == "GET https://h/x -> HTTP 500: boom"
