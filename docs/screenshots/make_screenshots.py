"""Regenerate docs/screenshots/queue.png and alert.png: the review UI on a small invented database,
served by waitress, photographed by Debian's headless Chromium through Playwright.

Usage: .venv/bin/python docs/screenshots/make_screenshots.py
Every name and story below is invented for the picture.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from alerts.review.auth import hash_password  # noqa: E402
from storage.alerts import raise_alert  # noqa: E402
from storage.articles import NewArticle, add_article  # noqa: E402
from storage.cases import add_case, link_case_article  # noqa: E402
from storage.db import open_db  # noqa: E402
from storage.users import add_user  # noqa: E402

HERE = Path(__file__).resolve().parent
PASSWORD = "screenshot-pass-1"

STORIES = [
    ("Former fighter describes escape from Raqqa", "Example News", 0.94, "account",
     "A former fighter who left the Islamic State group last spring spoke to reporters in Gaziantep about "
     "the months he spent in Raqqa.\n\nHamza, a 33-year-old Iraqi, said commanders stole food meant for "
     "the fighters and that he defected after his brother was killed. He now works in a bakery in Turkey "
     "and fears informers.\n\nHe asked that his family name not be published.",
     [{"name": "Hamza", "age": 33, "gender": "m", "nationality": "Iraq", "group": "Islamic State",
       "reasons": ["corruption", "family"], "now_in": "Turkey"}],
     ["Islamic State", "defected", "commanders"]),
    ("Engineer who joined militants returns home", "Daily Courier", 0.87, "account",
     "An engineer who travelled to Mosul returned home after he was wounded and told investigators he had "
     "been made to clean toilets instead of fighting.", [{"name": "Areeb", "age": 23, "gender": "m",
     "nationality": "India", "group": "ISIS", "reasons": ["disillusionment"], "now_in": "India"}],
     ["returned", "Mosul"]),
    ("Woman recounts leaving al-Shabaab camp", "Frontline Post", 0.81, "account",
     "Khadija, 27, said she walked for three nights to reach a government post after leaving an al-Shabaab "
     "camp.", [{"name": "Khadija", "age": 27, "gender": "f", "nationality": "Somalia", "group": "al-Shabaab",
               "reasons": ["violence against civilians"], "now_in": "Somalia"}], ["al-Shabaab", "leaving"]),
    ("Study: most defectors cite infighting", "Research Weekly", 0.55, "aggregate",
     "A study of fifty-eight defectors found that most left over infighting and corruption.", [],
     ["defectors"]),
    ("Amnesty programme draws dozens in Borno", "Wire Service", 0.48, "aggregate",
     "Dozens of former Boko Haram members have surrendered under an amnesty programme.", [], ["surrendered"]),
    ("Court hears case of returned recruit", "Observer", 0.42, "other",
     "A court heard that the accused had returned from Syria in 2019.", [], ["returned"]),
]


def build(path: Path) -> int:
    db = open_db(path)
    known = add_article(db, NewArticle(
        url="https://old.example/areeb-2015", title="Youths from Kalyan in Mosul",
        text="An earlier report on four friends from Kalyan who travelled to Mosul.", outlet="Old Times",
        published_at="2015-01-10T09:00:00+00:00"))
    values = {"name_or_alias": "Areeb", "nationality": "India", "group_name": "ISIS", "age": 23}
    case_id = add_case(db, values, "admin", None)
    link_case_article(db, case_id, known.article_id)
    first_alert = 0
    for day, (title, outlet, score, kind, text, people, terms) in enumerate(STORIES, start=1):
        slug = title.lower().replace(" ", "-").replace(":", "")
        added = add_article(db, NewArticle(
            url=f"https://{outlet.split()[0].lower()}.example/{slug}", title=title, text=text, outlet=outlet,
            published_at=f"2026-11-{20 - day:02d}T09:00:00+00:00"))
        if day == 1:
            add_article(db, NewArticle(url=f"https://wire.example/{slug}", title=title, text=text,
                                       outlet="Wire Service", published_at="2026-11-19T11:00:00+00:00"))
        suggestions = ([{"case_id": case_id, "confidence": 0.86,
                         "evidence": ["same name 'Areeb'", "nationality India", "age 23 vs 23 compatible"]}]
                       if day == 2 else [])
        alert_id, _ = raise_alert(
            db, added.article_id, added.cluster_id, score, kind, people, terms, suggestions
        )
        first_alert = first_alert or alert_id
    add_user(db, "analyst", "admin", hash_password(PASSWORD))
    db.conn.close()
    return first_alert


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "shots.db"
        alert_id = build(path)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "alerts.review.server", "--db", str(path), "--port", str(port)],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    if requests.get(f"{base}/healthz", timeout=1).ok:
                        break
                except requests.ConnectionError:
                    time.sleep(0.1)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
                page = browser.new_page(viewport={"width": 1280, "height": 860}, base_url=base)
                page.goto("/login")
                page.fill("#username", "analyst")
                page.fill("#password", PASSWORD)
                page.keyboard.press("Enter")
                page.wait_for_url(f"{base}/")
                page.keyboard.press("j")
                page.keyboard.press("j")
                page.screenshot(path=str(HERE / "queue.png"))
                page.goto(f"/alerts/{alert_id + 1}")
                page.screenshot(path=str(HERE / "alert.png"))
                browser.close()
        finally:
            server.terminate()
            server.wait(10)
    print(f"wrote {HERE / 'queue.png'} and {HERE / 'alert.png'}")


if __name__ == "__main__":
    main()
