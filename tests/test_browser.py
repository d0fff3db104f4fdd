"""In a real browser: headless Chromium (Debian's chromium and chromium-driver, installed by
setup.sh) driven by selenium. The preview page of `kit serve` updates itself after a save and
shows a broken save's problems; the web edition reads at a phone's and a desktop's width.

The tests share one browser and one `kit serve`. Screenshots go to the folder named by
KIT_SCREENSHOTS (default: a temporary folder), to be looked at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import BASE_FILES, KIT_YAML, write_files
from serving import Served, edit, idle

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
PHONE, DESKTOP = (390, 844), (1280, 900)

if not (CHROMIUM and CHROMEDRIVER) and not os.environ.get("CI"):
    pytest.skip("headless Chromium is not installed (./setup.sh installs chromium and chromium-driver)",
                allow_module_level=True)


@pytest.fixture(scope="session")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--disable-default-apps", "--disable-extensions",
                     "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                     f"--window-size={DESKTOP[0]},{DESKTOP[1]}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser") / "kit"
    write_files(root, {**BASE_FILES, "kit.yaml": KIT_YAML + "outputs: [handout, web]\n"})
    server = Served(root)
    server.wait_for(idle)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("KIT_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def viewport(driver, size) -> None:
    width, height = size
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})


def full_page(driver, path: Path) -> None:
    """A screenshot of the whole page, not only what the window shows."""
    import base64

    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 8000), "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


def wait(driver, condition, timeout=90):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # The page redraws a unit's section when a rebuild lands: an element found just before is then
    # gone, and the condition is asked again.
    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def heading(driver) -> str:
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, 'section[data-unit="first"] h2')
    return found[0].text if found else ""


def test_the_preview_shows_units_and_page_strips(browser, served, screenshots):
    from selenium.webdriver.common.by import By

    viewport(browser, DESKTOP)
    browser.get(served.url)
    wait(browser, lambda d: heading(d) == "1. The general's letter")
    thumbs = browser.find_elements(By.CSS_SELECTOR, '[data-output="01-first-handout.pdf"] .strip img')
    assert len(thumbs) == 2
    wait(browser, lambda d: all(d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", t)
                                for t in thumbs))
    assert browser.find_elements(By.CSS_SELECTOR, '[data-output="web-edition.zip"] a[href$="/index.html"]')
    browser.save_screenshot(str(screenshots / "preview-desktop.png"))

    thumbs[0].click()
    page = browser.find_element(By.ID, "viewer-page")
    wait(browser, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", page) >= 1099)
    assert browser.find_element(By.ID, "viewer").get_attribute("open") is not None
    assert "page 1 of 2" in browser.find_element(By.ID, "viewer-title").text
    browser.save_screenshot(str(screenshots / "preview-large-page.png"))
    browser.find_element(By.ID, "next-page").click()
    wait(browser, lambda d: "page 2 of 2" in d.find_element(By.ID, "viewer-title").text)
    wait(browser, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", page) >= 1099)
    browser.find_element(By.ID, "close-viewer").click()


def test_a_save_updates_the_page_by_itself(browser, served):
    from selenium.webdriver.common.by import By

    browser.get(served.url)
    wait(browser, lambda d: heading(d).startswith("1. "))
    block = '[data-output="01-first-handout.pdf"]'
    before = browser.find_element(By.CSS_SELECTOR, block).get_attribute("data-v")
    browser.execute_script("window.notReloaded = true")
    edit(served.root / "units/01-first.yaml", 'title: "The general\'s letter"', 'title: "The general\'s reply"')
    wait(browser, lambda d: heading(d) == "1. The general's reply")
    after = browser.find_element(By.CSS_SELECTOR, block).get_attribute("data-v")
    assert after != before
    assert browser.execute_script("return window.notReloaded") is True  # updated in place, not reloaded
    edit(served.root / "units/01-first.yaml", 'title: "The general\'s reply"', 'title: "The general\'s letter"')
    wait(browser, lambda d: heading(d) == "1. The general's letter")


def test_a_broken_save_shows_its_problems_above_the_last_good_pages(browser, served, screenshots):
    from selenium.webdriver.common.by import By

    browser.get(served.url)
    wait(browser, lambda d: heading(d).startswith("1. "))
    unit = served.root / "units/01-first.yaml"
    edit(unit, "minutes: 45", "minutes: forty-five")
    try:
        problems = browser.find_element(By.ID, "problems")
        wait(browser, lambda d: problems.is_displayed())
        text = problems.text
        assert "units/01-first.yaml:6:" in text and "forty-five" in text
        assert browser.find_elements(By.CSS_SELECTOR, '[data-output="01-first-handout.pdf"] .strip img')
        assert problems.location["y"] < browser.find_element(By.ID, "outputs").location["y"]
        browser.save_screenshot(str(screenshots / "preview-problems.png"))
    finally:
        edit(unit, "minutes: forty-five", "minutes: 45")
    wait(browser, lambda d: not d.find_element(By.ID, "problems").is_displayed())


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_web_edition_reads_on_a_phone_and_a_desktop(browser, served, screenshots, size):
    from selenium.webdriver.common.by import By

    viewport(browser, size)
    try:
        for page in ("index.html", "01-first.html"):
            browser.get(served.url + "web/web-edition.zip/" + page)
            wait(browser, lambda d: d.execute_script("return document.readyState") == "complete")
            wait(browser, lambda d: d.execute_script("return document.fonts.status") == "loaded")
            assert browser.execute_script("return document.documentElement.scrollWidth") <= size[0], page
            fonts = browser.execute_script(
                "return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
            assert any("Kit Serif" in f for f in fonts), fonts
            assert browser.find_element(By.TAG_NAME, "h1").is_displayed()
            full_page(browser, screenshots / f"web-{page.removesuffix('.html')}-{size[0]}.png")
        body = browser.find_element(By.TAG_NAME, "main")
        assert body.size["width"] <= size[0]
        if size == PHONE:
            assert browser.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)") >= 16
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_web_edition_prints_from_the_browser(browser, served):
    import base64

    from kit.leaks import pdf_text

    browser.get(served.url + "web/web-edition.zip/01-first.html")
    wait(browser, lambda d: d.execute_script("return document.readyState") == "complete")
    printed = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
    text = " ".join(pdf_text(base64.b64decode(printed["data"])).split())
    assert "The general's letter" in text or "The general’s letter" in text
    assert "Who wrote the letter?" in text
    assert "All units" not in text and "Skip to the content" not in text  # no navigation on paper
