"""Static Scrapy settings: politeness and safety. Runtime inputs (the database path, the
contact address, allow-listed private hosts) arrive as DEFWATCH_* settings from the
caller and are read in each component's from_crawler(); this file never reads feeds.yml.
"""

import os

BOT_NAME = "defwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Identify the bot; the contact part is replaced from feeds.yml's crawler.contact.
DEFWATCH_CONTACT = "mailto:defwatch-admin@example.org"
USER_AGENT = f"defwatch/0.1 (+{DEFWATCH_CONTACT}; news monitor for research)"

ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.0

# Caps against huge or slow responses (DOWNLOAD_MAXSIZE also applies after decompression).
DOWNLOAD_MAXSIZE = 5_000_000
DOWNLOAD_WARNSIZE = 2_000_000
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 1
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Where articles go: the daemon and CLI pass --db through this setting.
DEFWATCH_DB = os.environ.get("DEFWATCH_DB", "defwatch.db")
# Hosts or CIDR ranges allowed although private/loopback (for local test sites).
DEFWATCH_ALLOW_PRIVATE: list[str] = []
# Optional HTTP proxy every request goes through (the demo's sample site uses it).
DEFWATCH_PROXY = ""
# Poll scheduling: jitter as a fraction of the interval; errors back off up to this.
DEFWATCH_JITTER = 0.1
DEFWATCH_MAX_BACKOFF_S = 86400
# Spread of first polls so a new list of feeds does not all fire at once is left to jitter.

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.SafeDestinationMiddleware": 50,
}
ITEM_PIPELINES = {
    "crawler.pipelines.StoragePipeline": 300,
}

LOG_LEVEL = "INFO"
LOG_FORMAT = "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"
FEED_EXPORT_ENCODING = "utf-8"
