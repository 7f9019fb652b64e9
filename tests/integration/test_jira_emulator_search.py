"""The emulator's Jira search (JQL read through key and summary indexes where the query allows) over
HTTP: the same issues, in the same order, as a scan of every issue would find."""

import pytest

SEARCH = "/rest/api/2/search"


@pytest.fixture
def issues(emulator):
    summaries = ["Qzalpha Qzlogin qzworks", "qzalpha QZLOGOUT qzworks", "Qzbeta qzlogin", "Ünïcode Straße qzlogin", "qzgamma"]
    body = {"issueUpdates": [{"fields": {"project": {"key": "SHOP"}, "summary": s, "issuetype": {"name": "Test"}}}
                             for s in summaries]}
    status, answer = emulator.api("POST", "/rest/api/2/issue/bulk", body)
    assert status == 201 and not answer.get("errors"), answer
    return dict(zip(summaries, (i["key"] for i in answer["issues"])))


def keys(emulator, jql):
    status, body = emulator.api("POST", SEARCH, {"jql": jql, "maxResults": 1000, "fields": ["summary"]})
    assert status == 200, body
    assert body["total"] == len(body["issues"])
    return [i["key"] for i in body["issues"]]


def test_key_lists_match_any_case_and_combine_with_and_or_not(emulator, issues):
    alpha, logout, beta = issues["Qzalpha Qzlogin qzworks"], issues["qzalpha QZLOGOUT qzworks"], issues["Qzbeta qzlogin"]
    assert keys(emulator, "key in (%s, %s, NOPE-1)" % (beta.lower(), alpha)) == [alpha, beta]
    assert keys(emulator, "issuekey = %s" % logout) == [logout]
    assert keys(emulator, "key in (%s, %s) AND key = %s" % (alpha, beta, beta)) == [beta]
    assert keys(emulator, "key = %s AND key = %s" % (alpha, beta)) == []
    assert keys(emulator, "key = %s OR key = %s" % (beta, alpha)) == [alpha, beta]
    assert keys(emulator, "key in (%s, %s) AND summary ~ qzbeta" % (alpha, beta)) == [beta]
    # an OR with an unbounded side reads everything and still finds both sides
    assert keys(emulator, "project = SHOP AND (key = %s OR summary ~ qzlogout)" % alpha) == [alpha, logout]
    assert beta not in keys(emulator, "project = SHOP AND NOT key in (%s)" % beta)


def test_summary_words_match_without_regard_to_case(emulator, issues):
    alpha, logout = issues["Qzalpha Qzlogin qzworks"], issues["qzalpha QZLOGOUT qzworks"]
    unicode_key = issues["Ünïcode Straße qzlogin"]
    assert keys(emulator, 'project = SHOP AND summary ~ "qzalpha qzworks"') == [alpha, logout]
    assert keys(emulator, 'summary ~ "QZWORKS" AND summary ~ qzlogout') == [logout]
    assert keys(emulator, 'summary ~ "ünïcode straße qzlogin"') == [unicode_key]
    assert keys(emulator, 'summary ~ "qzlogin" AND issuetype = Test AND project = SHOP') == [
        alpha, issues["Qzbeta qzlogin"], unicode_key]
    assert keys(emulator, 'summary ~ "no such words anywhere"') == []


def test_a_strict_search_refuses_an_unknown_project_as_jira_does(emulator, issues):
    status, body = emulator.api("GET", SEARCH + "?jql=project%20%3D%20NOPE%20AND%20summary%20~%20x")
    assert status == 400, body
    assert body["errorMessages"] == ["The value 'NOPE' does not exist for the field 'project'."], body
    status, body = emulator.api("POST", SEARCH, {"jql": "project in (SHOP, Nope)", "validateQuery": "strict"})
    assert status == 400 and "'Nope'" in body["errorMessages"][0], body
    # the project's key, id and name all name it; validateQuery warn/none let an unknown one match nothing
    assert len(keys(emulator, "project = shop AND summary ~ qzgamma")) == 1
    status, body = emulator.api("GET", SEARCH + "?jql=project%3DNOPE&validateQuery=warn")
    assert status == 200 and body["total"] == 0, body
    status, body = emulator.api("POST", SEARCH, {"jql": "project = NOPE", "validateQuery": "none"})
    assert status == 200 and body["total"] == 0, body
