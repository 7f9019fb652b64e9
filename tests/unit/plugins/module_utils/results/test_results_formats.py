# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Robot (older schemas), Cucumber edge cases, TestNG, NUnit 2/3 and xUnit.net documents."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.results.detect import detect_format
from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import read_results


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def rows(results):
    return [(r.full_name, r.status, r.detail, r.key) for r in results]


ROBOT_6 = u"""<?xml version="1.0" encoding="UTF-8"?>
<robot generator="Robot 6.1.1 (Python 3.10.12 on linux)" generated="20231123 07:33:32.003" rpa="false" schemaversion="4">
<suite id="s1" name="Shop" source="/x">
<suite id="s1-s1" name="Cart" source="/x/cart.robot">
<test id="s1-s1-t1" name="Add Item" line="5">
<kw name="Open Cart" library="Shop" type="SETUP">
<status status="PASS" starttime="20231123 07:33:32.010" endtime="20231123 07:33:32.020"/>
</kw>
<kw name="Should Be Equal" library="BuiltIn">
<arg>1</arg>
<arg>2</arg>
<msg timestamp="20231123 07:33:32.030" level="FAIL">1 != 2</msg>
<status status="FAIL" starttime="20231123 07:33:32.021" endtime="20231123 07:33:32.030">1 != 2</status>
</kw>
<for flavor="IN">
<var>${x}</var>
<status status="NOT RUN" starttime="20231123 07:33:32.031" endtime="20231123 07:33:32.031"/>
</for>
<tag>SHOP-7</tag>
<status status="FAIL" starttime="20231123 07:33:32.000" endtime="20231123 07:33:33.500">1 != 2</status>
</test>
<status status="FAIL" starttime="20231123 07:33:32.000" endtime="20231123 07:33:33.500"/>
</suite>
<suite id="s1-s2" name="Old" source="/x/old.robot">
<test id="s1-s2-t1" name="Legacy Tags">
<tags><tag>SHOP-8</tag><tag>legacy</tag></tags>
<status status="PASS" starttime="20231123 07:33:34.000" endtime="20231123 07:33:34.250" critical="yes"/>
</test>
<status status="PASS" starttime="20231123 07:33:34.000" endtime="20231123 07:33:34.250"/>
</suite>
<status status="FAIL" starttime="20231123 07:33:32.000" endtime="20231123 07:33:34.250"/>
</suite>
<statistics><total><stat pass="1" fail="1" skip="0">All Tests</stat></total></statistics>
<errors></errors>
</robot>
"""


def test_robot_older_schema_nested_suites_and_steps(tmp_path):
    results = list(read_results(write(tmp_path, "output.xml", ROBOT_6)))
    assert rows(results) == [("Shop.Cart.Add Item", "failed", None, "SHOP-7"),
                             ("Shop.Old.Legacy Tags", "passed", None, "SHOP-8")]
    add, legacy = results
    assert (add.suite, add.classname, add.line) == ("Cart", "Shop.Cart", 5)
    assert add.duration == pytest.approx(1.5)
    assert add.steps == [
        {"name": "[Setup] Open Cart", "status": "passed", "message": None},
        {"name": "Should Be Equal", "status": "failed", "message": "1 != 2"},
        {"name": "FOR", "status": "skipped", "message": None},
    ]
    assert add.message == "1 != 2"
    assert legacy.tags == ["SHOP-8", "legacy"]
    assert legacy.duration == pytest.approx(0.25)


CUCUMBER_JVM = [{
    "uri": "classpath:features/pay.feature", "name": "Checkout", "keyword": "Feature", "line": 2,
    "tags": [{"name": "@SHOP-1", "line": 1}],
    "elements": [
        {"type": "background", "keyword": "Background", "name": "", "line": 3,
         "steps": [{"keyword": "Given ", "name": "a user", "line": 4,
                    "result": {"status": "passed", "duration": 1000000}}]},
        {"type": "scenario", "keyword": "Scenario", "name": "Pay", "line": 6, "tags": [{"name": "@SHOP-1"}],
         "before": [{"match": {}, "result": {"status": "failed", "error_message": "db down\n at Hooks"}}],
         "steps": [{"keyword": "When ", "name": "paying", "line": 7, "result": {"status": "skipped"}}]},
        {"type": "background", "keyword": "Background", "name": "", "line": 3,
         "steps": [{"keyword": "Given ", "name": "a user", "line": 4, "result": {"status": "passed"}}]},
        {"type": "scenario", "keyword": "Scenario", "name": "Refund", "line": 9,
         "tags": [{"name": "@SHOP-1"}, {"name": "@TEST_SHOP-9"}],
         "steps": [{"keyword": "When ", "name": "refunding", "result": {"status": "undefined"}}]},
        {"type": "scenario", "keyword": "Scenario", "name": "Twice", "line": 12,
         "steps": [{"keyword": "Then ", "name": "x", "result": {"status": "ambiguous"}}]},
        {"type": "scenario", "keyword": "Scenario", "name": "Later", "line": 15, "tags": [{"name": "@REQ_SHOP-3"}],
         "steps": [{"keyword": "Then ", "name": "y", "result": {"status": "skipped"}}]},
    ],
}]


def test_cucumber_backgrounds_hooks_and_step_outcomes(tmp_path):
    path = write(tmp_path, "cucumber.json", json.dumps(CUCUMBER_JVM))
    results = list(read_results(path))
    assert rows(results) == [
        ("Checkout.Pay", "error", None, None),
        ("Checkout.Refund", "skipped", "todo", "SHOP-9"),
        ("Checkout.Twice", "error", None, None),
        ("Checkout.Later", "skipped", None, None),
    ]
    pay = results[0]
    assert [s["name"] for s in pay.steps] == ["Given a user", "When paying"]
    assert pay.message == "db down"
    assert pay.duration == pytest.approx(0.001)
    assert results[1].message == "undefined step: refunding"
    assert results[3].tags == ["SHOP-1", "REQ_SHOP-3"]


def test_cucumber_feature_tags_give_keys_only_when_inherited(tmp_path):
    path = write(tmp_path, "cucumber.json", json.dumps(CUCUMBER_JVM))
    assert [r.key for r in read_results(path, inherit_keys=True)] == ["SHOP-1", "SHOP-9", "SHOP-1", "SHOP-1"]


def test_behave_format_forces_seconds(tmp_path):
    path = write(tmp_path, "c.json", json.dumps(CUCUMBER_JVM))
    assert list(read_results(path, fmt="behave"))[0].duration == pytest.approx(1000000.0)


@pytest.mark.parametrize("document, problem", [
    ({"elements": []}, "a JSON object is not a Cucumber JSON report"),
    ([{"name": "not a feature"}], "item 1 of the top-level list is not a feature"),
    ([{"keyword": "Feature", "elements": {}}], "'elements' that is not a list"),
])
def test_json_that_is_not_cucumber(tmp_path, document, problem):
    path = write(tmp_path, "x.json", json.dumps(document))
    with pytest.raises(ResultFileError) as caught:
        list(read_results(path))
    assert problem in str(caught.value)


def test_empty_cucumber_report(tmp_path):
    assert list(read_results(write(tmp_path, "x.json", "[]"))) == []


TESTNG = u"""<?xml version="1.0" encoding="UTF-8"?>
<testng-results ignored="0" total="6" passed="3" failed="1" skipped="2">
  <reporter-output>
  </reporter-output>
  <suite name="Shop" duration-ms="50" started-at="2026-11-23T07:00:00 UTC" finished-at="2026-11-23T07:00:01 UTC">
    <groups>
      <group name="SHOP-701">
        <method signature="CartTest.addsItem(java.lang.String)[pri:0, instance:com.shop.CartTest@1]" name="addsItem" class="com.shop.CartTest"/>
      </group>
      <group name="smoke">
        <method signature="CartTest.addsItem(java.lang.String)[pri:0, instance:com.shop.CartTest@1]" name="addsItem" class="com.shop.CartTest"/>
      </group>
    </groups>
    <test name="Unit" duration-ms="40" started-at="2026-11-23T07:00:00 UTC" finished-at="2026-11-23T07:00:01 UTC">
      <class name="com.shop.CartTest">
        <test-method is-config="true" status="PASS" signature="setUp()[pri:0]" name="setUp" duration-ms="1"/>
        <test-method status="PASS" signature="addsItem(java.lang.String)" name="addsItem" duration-ms="12" data-provider="items">
          <params><param index="0"><value><![CDATA[apple]]></value></param></params>
          <reporter-output></reporter-output>
        </test-method>
        <test-method status="PASS" signature="addsItem(java.lang.String)" name="addsItem" duration-ms="3" data-provider="items">
          <params><param index="0"><value is-null="true"/></param></params>
        </test-method>
        <test-method status="FAIL" signature="appliesCoupon()" name="appliesCoupon" duration-ms="5" description="SHOP-702 coupon">
          <exception class="java.lang.AssertionError">
            <message><![CDATA[expected [10.0] but found [9.5]]]></message>
            <full-stacktrace><![CDATA[java.lang.AssertionError: expected [10.0] but found [9.5]
\tat com.shop.CartTest.appliesCoupon(CartTest.java:30)]]></full-stacktrace>
          </exception>
          <reporter-output><line><![CDATA[coupon SAVE10]]></line></reporter-output>
        </test-method>
        <test-method status="SKIP" signature="flakyStock()" name="flakyStock" duration-ms="2" retried="true">
          <exception class="java.net.ConnectException"><message><![CDATA[refused]]></message></exception>
        </test-method>
        <test-method status="PASS" signature="flakyStock()" name="flakyStock" duration-ms="2">
          <attributes><attribute name="test"><![CDATA[SHOP-703]]></attribute></attributes>
        </test-method>
        <test-method status="SKIP" signature="exports()" name="exports" duration-ms="0">
          <exception class="org.testng.SkipException"><message><![CDATA[disabled]]></message></exception>
        </test-method>
      </class>
    </test>
  </suite>
</testng-results>
"""


def test_testng(tmp_path):
    path = write(tmp_path, "testng-results.xml", TESTNG)
    assert detect_format(path) == "testng"
    results = list(read_results(path))
    assert rows(results) == [
        ("com.shop.CartTest.addsItem(apple)", "passed", None, "SHOP-701"),
        ("com.shop.CartTest.addsItem(null)", "passed", None, "SHOP-701"),
        ("com.shop.CartTest.appliesCoupon", "failed", None, "SHOP-702"),
        ("com.shop.CartTest.flakyStock", "passed", "flaky", "SHOP-703"),
        ("com.shop.CartTest.exports", "skipped", None, None),
    ]
    adds, _null, coupon, flaky, exports = results
    assert adds.tags == ["SHOP-701", "smoke"] and adds.suite == "Unit"
    assert adds.duration == pytest.approx(0.012)
    assert coupon.message == "expected [10.0] but found [9.5]"
    assert "CartTest.java:30" in coupon.output and "coupon SAVE10" in coupon.output
    assert (flaky.flaky, flaky.attempts, flaky.properties) == (True, 2, {"test": "SHOP-703"})
    assert exports.message == "disabled"


NUNIT3 = u"""<?xml version="1.0" encoding="utf-8" standalone="no"?>
<test-run id="0" runstate="Runnable" testcasecount="5" result="Failed" total="5" passed="2" failed="2" skipped="1" engine-version="3.16.3.0" duration="0.5">
  <command-line><![CDATA[nunit3-console Shop.Tests.dll]]></command-line>
  <test-suite type="Assembly" id="0-1007" name="Shop.Tests.dll" fullname="/x/Shop.Tests.dll" runstate="Runnable" result="Failed">
    <properties><property name="_PID" value="1" /></properties>
    <test-suite type="TestSuite" id="0-1008" name="Shop" fullname="Shop" result="Failed">
      <test-suite type="TestFixture" id="0-1000" name="CartTests" fullname="Shop.CartTests" classname="Shop.CartTests" result="Failed">
        <test-case id="0-1001" name="AddsItem" fullname="Shop.CartTests.AddsItem" methodname="AddsItem"
                   classname="Shop.CartTests" runstate="Runnable" seed="1" result="Passed" duration="0.012" asserts="1">
          <properties><property name="Category" value="SHOP-801" /><property name="Category" value="smoke" /></properties>
        </test-case>
        <test-suite type="ParameterizedMethod" id="0-1010" name="AppliesCoupon" fullname="Shop.CartTests.AppliesCoupon"
                    classname="Shop.CartTests" result="Failed">
          <test-case id="0-1002" name="AppliesCoupon(10)" fullname="Shop.CartTests.AppliesCoupon(10)"
                     methodname="AppliesCoupon" classname="Shop.CartTests" result="Failed" site="Test" duration="0.02">
            <properties><property name="test_key" value="SHOP-802" /></properties>
            <failure>
              <message><![CDATA[  Expected: 10
  But was:  9.5
]]></message>
              <stack-trace><![CDATA[at Shop.CartTests.AppliesCoupon(Int32 pct) in Cart.cs:line 30]]></stack-trace>
            </failure>
          </test-case>
        </test-suite>
        <test-case id="0-1003" name="ThrowsOnNull" fullname="Shop.CartTests.ThrowsOnNull" methodname="ThrowsOnNull"
                   classname="Shop.CartTests" result="Failed" label="Error" duration="0.001">
          <failure><message><![CDATA[System.NullReferenceException : Object reference not set]]></message>
            <stack-trace><![CDATA[at Shop.Cart.Add()]]></stack-trace></failure>
          <output><![CDATA[log line]]></output>
        </test-case>
        <test-case id="0-1004" name="Exports" fullname="Shop.CartTests.Exports" methodname="Exports"
                   classname="Shop.CartTests" result="Skipped" label="Ignored" duration="0">
          <reason><message><![CDATA[later]]></message></reason>
        </test-case>
        <test-case id="0-1005" name="Warns" fullname="Shop.CartTests.Warns" methodname="Warns" classname="Shop.CartTests" result="Warning" duration="0.001"/>
      </test-suite>
    </test-suite>
  </test-suite>
</test-run>
"""

NUNIT2 = u"""<?xml version="1.0" encoding="utf-8" standalone="no"?>
<test-results name="Shop.Tests.dll" total="3" errors="0" failures="1" not-run="1" date="2026-11-23" time="07:00:00">
  <environment nunit-version="2.6.4.14350" />
  <test-suite type="Assembly" name="Shop.Tests.dll" executed="True" result="Failure" success="False" time="0.1">
    <results>
      <test-suite type="Namespace" name="Shop" executed="True" result="Failure" success="False" time="0.1">
        <results>
          <test-suite type="TestFixture" name="CartTests" executed="True" result="Failure" success="False" time="0.1">
            <results>
              <test-case name="Shop.CartTests.AddsItem" executed="True" result="Success" success="True" time="0.010" asserts="1">
                <categories><category name="SHOP-811" /></categories>
              </test-case>
              <test-case name="Shop.CartTests.Pays(&quot;a.b&quot;)" executed="True" result="Failure" success="False" time="0.020">
                <failure><message><![CDATA[boom]]></message><stack-trace><![CDATA[at Shop]]></stack-trace></failure>
              </test-case>
              <test-case name="Shop.CartTests.Later" executed="False" result="Ignored">
                <reason><message><![CDATA[not yet]]></message></reason>
              </test-case>
            </results>
          </test-suite>
        </results>
      </test-suite>
    </results>
  </test-suite>
</test-results>
"""


def test_nunit3(tmp_path):
    path = write(tmp_path, "TestResult.xml", NUNIT3)
    assert detect_format(path) == "nunit"
    results = list(read_results(path))
    assert rows(results) == [
        ("Shop.CartTests.AddsItem", "passed", None, "SHOP-801"),
        ("Shop.CartTests.AppliesCoupon(10)", "failed", None, "SHOP-802"),
        ("Shop.CartTests.ThrowsOnNull", "error", None, None),
        ("Shop.CartTests.Exports", "skipped", None, None),
        ("Shop.CartTests.Warns", "passed", None, None),
    ]
    assert {r.suite for r in results} == {"CartTests"}
    adds, coupon, throws, exports, _warns = results
    assert adds.tags == ["SHOP-801", "smoke"]
    assert coupon.message == "Expected: 10\n  But was:  9.5"
    assert "Cart.cs:line 30" in coupon.output
    assert "log line" in throws.output
    assert exports.message == "later"
    assert adds.duration == pytest.approx(0.012)


def test_nunit2(tmp_path):
    results = list(read_results(write(tmp_path, "TestResult.xml", NUNIT2)))
    assert rows(results) == [
        ("Shop.CartTests.AddsItem", "passed", None, "SHOP-811"),
        ('Shop.CartTests.Pays("a.b")', "failed", None, None),
        ("Shop.CartTests.Later", "skipped", None, None),
    ]
    assert results[1].message == "boom" and results[2].message == "not yet"
    assert results[0].suite == "CartTests"


XUNIT_NET = u"""<?xml version="1.0" encoding="utf-8"?>
<assemblies timestamp="11/23/2026 07:00:00">
  <assembly name="/x/Shop.Tests.dll" run-date="2026-11-23" run-time="07:00:00" total="4" passed="1" failed="1" skipped="2" time="0.100" errors="0">
    <errors />
    <collection total="4" passed="1" failed="1" skipped="2" name="Test collection for Shop.CartTests" time="0.050">
      <test name="Shop.CartTests.AddsItem" type="Shop.CartTests" method="AddsItem" time="0.0100000" result="Pass">
        <traits><trait name="test_key" value="SHOP-901" /><trait name="Category" value="smoke" /></traits>
      </test>
      <test name="Shop.CartTests.AppliesCoupon(pct: 10)" type="Shop.CartTests" method="AppliesCoupon" time="0.02" result="Fail">
        <failure exception-type="Xunit.Sdk.EqualException">
          <message><![CDATA[Assert.Equal() Failure
Expected: 10
Actual:   9.5]]></message>
          <stack-trace><![CDATA[at Shop.CartTests.AppliesCoupon(Int32 pct) in Cart.cs:line 30]]></stack-trace>
        </failure>
        <output><![CDATA[log]]></output>
      </test>
      <test name="Shop.CartTests.Exports SHOP-903" type="Shop.CartTests" method="Exports" time="0" result="Skip"><reason><![CDATA[later]]></reason></test>
      <test name="Shop.CartTests.NotRun" type="Shop.CartTests" method="NotRun" time="0" result="NotRun" />
    </collection>
  </assembly>
</assemblies>
"""


def test_xunit_net(tmp_path):
    path = write(tmp_path, "xunit.xml", XUNIT_NET)
    assert detect_format(path) == "xunit"
    results = list(read_results(path, fmt="xunit"))
    assert rows(results) == [
        ("Shop.CartTests.AddsItem", "passed", None, "SHOP-901"),
        ("Shop.CartTests.AppliesCoupon(pct: 10)", "failed", None, None),
        ("Shop.CartTests.Exports SHOP-903", "skipped", None, "SHOP-903"),
        ("Shop.CartTests.NotRun", "skipped", None, None),
    ]
    adds, coupon, exports, _notrun = results
    assert adds.tags == ["smoke"] and adds.properties == {"test_key": "SHOP-901"}
    assert adds.suite == "Test collection for Shop.CartTests"
    assert coupon.message.startswith("Assert.Equal() Failure")
    assert "Cart.cs:line 30" in coupon.output and "log" in coupon.output
    assert exports.message == "later"


def test_xunit_format_refuses_junit(tmp_path):
    path = write(tmp_path, "junit.xml", u'<testsuite name="s"><testcase name="a"/></testsuite>')
    with pytest.raises(ResultFileError) as caught:
        read_results(path, fmt="xunit")
    assert "is JUnit XML" in str(caught.value)
