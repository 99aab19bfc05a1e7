"""Drivers for Debian's headless Chromium (packages chromium, chromium-driver, python3-selenium),
for tests/browser: one function that makes a driver, and readers of the logs Chromium keeps
(the console, and the DevTools network events of the performance log).

Selenium 4.8 does not look for a driver by itself here: the path is given explicitly."""

import base64
import json
import os
import shutil

from selenium import webdriver
from selenium.webdriver.chrome.service import Service as DriverService

CHROMIUM = os.environ.get("TESSERA_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("TESSERA_CHROMEDRIVER", "/usr/bin/chromedriver")

DESKTOP = (1280, 900)
PHONE = (390, 844)


def available():
    """Why Chromium cannot run here, or None when it can."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.exists(path) or shutil.which(path)):
            return f"{path} is missing (apt-get install chromium chromium-driver)"
    return None


def require():
    """Stops the test run, as a failure, when Chromium cannot run here: a machine without it
    must not pass the browser tests by skipping them."""
    missing = available()
    if missing:
        raise SystemExit(f"Chromium cannot run here: {missing} (scripts/setup.sh installs it)")


def make_driver(javascript=True, size=DESKTOP, arguments=()):
    """A new headless Chromium with its own profile (so its own cookie jar: one "device"),
    keeping every console message and the DevTools network events."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                     "--disable-extensions", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync",
                     "--password-store=basic", f"--window-size={size[0]},{size[1]}",
                     *arguments):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # Only the Network domain in the performance log; Page and tracing events are noise here.
    options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True,
                                                         "enablePage": False})
    prefs = {"credentials_enable_service": False,
             "profile.password_manager_enabled": False,
             "profile.password_manager_leak_detection": False}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(service=DriverService(executable_path=CHROMEDRIVER),
                              options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(15)
    return driver


def set_viewport(driver, size):
    """Makes the page's viewport exactly `size` (width, height) CSS pixels: the window's outer
    size differs from the viewport by the browser's frame, so this measures and corrects."""
    driver.set_window_size(*size)
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    driver.set_window_size(size[0] + (size[0] - inner[0]), size[1] + (size[1] - inner[1]))


def network_requests(driver):
    """The requests Chromium sent since the last call (reading drains the performance log), in
    order: {"url", "urls", "method", "headers", "postData"} from Network.requestWillBeSent,
    with the headers Chromium adds at the network layer (Cookie, Sec-Fetch-*, Origin) from
    Network.requestWillBeSentExtraInfo merged in. A redirect keeps its request id, so one entry
    covers the whole chain: `url` is where it started, `urls` every hop."""
    by_id = {}
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        method = message.get("method")
        if method not in ("Network.requestWillBeSent", "Network.requestWillBeSentExtraInfo"):
            continue
        params = message.get("params", {})
        record = by_id.setdefault(params.get("requestId"), {
            "url": "", "urls": [], "method": "", "headers": {}, "postData": ""})
        if method == "Network.requestWillBeSent":
            request = params.get("request", {})
            record["url"] = record["url"] or request.get("url", "")
            record["urls"].append(request.get("url", ""))
            record["method"] = record["method"] or request.get("method", "")
            record["postData"] += request.get("postData", "") + "".join(
                _base64(e.get("bytes", "")) for e in request.get("postDataEntries", []))
            headers = request.get("headers", {})
        else:
            headers = params.get("headers", {})
        for name, value in headers.items():
            record["headers"].setdefault(name, value)
    return list(by_id.values())


def _base64(text):
    try:
        return base64.b64decode(text).decode("utf-8", "replace")
    except ValueError:
        return text


def console_messages(driver):
    """The console messages since the last call (the log is drained by reading)."""
    return [entry.get("message", "") for entry in driver.get_log("browser")]
