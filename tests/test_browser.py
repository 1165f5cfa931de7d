"""The query page in a real browser: Debian's headless Chromium, driven from Python (Selenium)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from .conftest import require_system

pytestmark = pytest.mark.slow

CHROMIUM = "chromium"
CHROMEDRIVER = "chromedriver"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    require_system((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver"))
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which(CHROMIUM) or CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}", "--window-size=1280,1600"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which(CHROMEDRIVER) or CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def test_browser_runs_an_example_query(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/")
    wait = WebDriverWait(browser, 30)
    wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, 'button.example[data-name="signed-agreements"]'))).click()

    def table_with(text: str):  # type: ignore[no-untyped-def]
        def check(driver):  # type: ignore[no-untyped-def]
            cells = driver.find_elements(By.CSS_SELECTOR, "table td")
            return any(text in c.text for c in cells)
        return check

    wait.until(table_with("National Library of China"))
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "table td a")]
    assert any("/id/organization/" in (href or "") for href in links)
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def test_browser_shows_the_cooperation_network(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/")
    browser.find_element(By.ID, "network-button").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, "network").get_attribute("data-nodes"))
    assert int(browser.find_element(By.ID, "network").get_attribute("data-nodes")) >= 15


def test_browser_entity_page_escapes_and_links(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(server + "/id/person/heydar-aliyev")
    assert "Heydar Aliyev" in browser.find_element(By.TAG_NAME, "h1").text
    assert "visited the National Library four times" in browser.page_source


def test_browser_search_box_finds_an_entity_and_opens_its_page(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/id/person/heydar-aliyev")  # the box is on every page
    browser.find_element(By.ID, "search-box").send_keys("national library of chi")
    wait = WebDriverWait(browser, 30)
    first = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "#search-results li a")))
    assert first.text == "National Library of China"
    first.click()
    wait.until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "National Library of China")
    assert browser.current_url.endswith("/id/organization/national-library-of-china")
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def test_browser_shows_the_servers_message_for_a_malformed_query(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/")
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return Boolean(window.libgraph)"))
    browser.execute_script('window.libgraph.run("SELECT ?x WHERE { ?x dbo:birthPlace ?y }")')
    WebDriverWait(browser, 30).until(lambda d: "undeclared prefix dbo:" in d.find_element("tag name", "body").text)


def test_browser_a_facet_filters_a_class_page(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/class/Library")
    before = len(browser.find_elements(By.CSS_SELECTOR, "#entities tbody tr"))
    browser.find_element(By.XPATH, '//a[@data-facet="country" and text()="Kazakhstan"]').click()
    WebDriverWait(browser, 30).until(lambda d: "country=" in d.current_url)
    names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#entities tbody tr td:first-child a")]
    assert 0 < len(names) < before and "Kazakhstan National Academic Library" in names


def test_browser_network_legend_filters_edges(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "/")
    browser.find_element(By.ID, "network-button").click()
    box = WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, "network")
                                           if d.find_element(By.ID, "network").get_attribute("data-edges") else None)
    before = int(box.get_attribute("data-edges"))
    legend = browser.find_elements(By.CSS_SELECTOR, "#network-legend .legend-node")
    kinds = {e.get_attribute("data-kind") for e in legend}
    assert {"Library", "Person", "Country"} <= kinds
    browser.find_element(By.CSS_SELECTOR, '#network-legend input[data-relation="signedAgreementWith"]').click()
    after = int(box.get_attribute("data-edges"))
    assert 0 < after < before  # the agreements are hidden, the rest stays
    browser.find_element(By.CSS_SELECTOR, '#network-legend input[data-relation="signedAgreementWith"]').click()
    assert int(box.get_attribute("data-edges")) == before
    # a country: only the edges with an end in it
    from selenium.webdriver.support.ui import Select

    countries = Select(browser.find_element(By.ID, "network-country"))
    assert "Uzbekistan" in [o.text for o in countries.options]
    countries.select_by_visible_text("Uzbekistan")
    in_country = int(box.get_attribute("data-edges"))
    assert 0 < in_country < before
    countries.select_by_index(0)
    # a span of years: only the edges stated with a year in it
    years = [o.text for o in Select(browser.find_element(By.ID, "network-from")).options][1:]
    assert years
    Select(browser.find_element(By.ID, "network-from")).select_by_visible_text(years[-1])
    dated = int(box.get_attribute("data-edges"))
    assert 0 < dated < before


def test_browser_rejects_a_fact_on_an_entity_page_and_sees_it_gone(browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from libgraph import Settings, build

    from .conftest import CORPUS, running_server

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = tmp_path / "build"
    build(Settings.load(env={}, corpus=corpus, out=out, cache_dir=tmp_path / "cache"))
    token = "a-browser-test-token-0123"
    env = {"LIBGRAPH_UPDATE_TOKEN": token, "LIBGRAPH_CACHE_DIR": str(tmp_path / "cache"),
           "LIBGRAPH_UPDATES_DIR": str(tmp_path / "updates")}
    uzbekistan = "national-library-of-uzbekistan-named-after-alisher-navoi"
    browser.get_log("browser")  # what earlier tests logged
    with running_server("--build-dir", str(out), env=env) as (url, _proc):
        browser.get(url + "/id/organization/national-library-of-china")
        row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "table tr")
                   if uzbekistan in r.get_attribute("innerHTML") and "signedAgreementWith" in r.text)
        browser.find_element(By.ID, "curation-token").send_keys(token)
        row.find_element(By.CSS_SELECTOR, 'form[action="/curation/reject"] button').click()
        WebDriverWait(browser, 30).until(lambda d: "curated=1" in d.current_url)

        def gone(driver) -> bool:  # type: ignore[no-untyped-def]
            driver.get(url + "/id/organization/national-library-of-china")
            rows = driver.find_elements(By.CSS_SELECTOR, "table tr")
            return not any(uzbekistan in r.get_attribute("innerHTML") and "signedAgreementWith" in r.text
                           for r in rows)

        WebDriverWait(browser, 120, poll_frequency=1).until(gone)
        assert "rejection-1" in (corpus / "curation.ttl").read_text(encoding="utf-8")
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def test_browser_article_page_highlights_its_mentions(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    import httpx
    from selenium.webdriver.common.by import By

    q = 'SELECT ?a WHERE { ?a lg:sourcePath ?p FILTER(CONTAINS(?p, "001")) } LIMIT 1'
    article = httpx.get(server + "/sparql", params={"query": q}).json()["results"]["bindings"][0]["a"]["value"]
    browser.get(server + article.replace("https://w3id.org/libgraph/", "/"))
    mentions = browser.find_elements(By.CSS_SELECTOR, ".article-text a.mention")
    assert len(mentions) >= 5
    assert any("National Library of Uzbekistan" in m.text for m in mentions)
    assert browser.find_elements(By.CSS_SELECTOR, ".article-text mark.stated")
    first = mentions[0]
    assert first.value_of_css_property("background-color") not in {"rgba(0, 0, 0, 0)", "transparent"}
