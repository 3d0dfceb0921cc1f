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
# AutoThrottle adapts each site's delay to how fast it answers; the per-domain cap below holds
# whatever it decides. A cycle asks each feed once, so the throttle mostly paces article pages.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
# Feeds live on many hosts: a high global limit, a low one per site (feeds.yml:
# crawler.per_domain_concurrency), and a queue that picks requests for idle sites first
# (Scrapy's advice for broad crawls), so one slow site does not hold up the others. The
# global limit counts requests waiting out their site's delay too: at 64, a thousand feeds
# (robots.txt, then the feed half a second later) took 10 s instead of 4 (benchmarks/poll.py).
CONCURRENT_REQUESTS = 256
CONCURRENT_REQUESTS_PER_DOMAIN = 2
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"
DOWNLOAD_DELAY = 0.0
# Name lookups run in threads (the destination check's and the connection's).
REACTOR_THREADPOOL_MAXSIZE = 20
DNS_TIMEOUT = 20

# Caps against huge or slow responses (DOWNLOAD_MAXSIZE also applies after decompression).
DOWNLOAD_MAXSIZE = 5_000_000
DOWNLOAD_WARNSIZE = 2_000_000
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 1
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
# Items of one response go through the (synchronous) pipeline one after the other, in the order
# the spider yielded them. The default, 100, gave nothing but 100 asyncio tasks per response.
CONCURRENT_ITEMS = 1
# Scrapy's check for `return value` in generator callbacks parses the callback's source (ast)
# for every response, because the cache is keyed by bound methods; our spiders are tested.
WARN_ON_GENERATOR_RETURN_VALUE = False
TELNETCONSOLE_ENABLED = False

# Where articles go: the daemon and CLI pass --db through this setting.
DEFWATCH_DB = os.environ.get("DEFWATCH_DB", "defwatch.db")
# Hosts or CIDR ranges allowed although private/loopback (for local test sites).
DEFWATCH_ALLOW_PRIVATE: list[str] = []
# Optional HTTP proxy every request goes through (the demo's sample site uses it).
DEFWATCH_PROXY = ""
# Poll scheduling: jitter as a fraction of the interval; errors back off up to this.
# (First polls of new sources are spread by the daemon: storage.feeds.spread_first_polls.)
DEFWATCH_JITTER = 0.1
DEFWATCH_MAX_BACKOFF_S = 86400

# robots.txt answers are kept for a day across cycles (crawler.middlewares.CachedRobotsTxtMiddleware),
# in this file; defwatch.collect puts it beside the database. Empty: no cache.
DEFWATCH_ROBOTS_CACHE = ""

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.SafeDestinationMiddleware": 50,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.CachedRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
}
# Components a feed poller has no use for, switched off: each wraps every request or every
# callback's output in another layer (benchmarks/poll.py: a warm cycle 2.1 s -> 1.8 s).
# Depth and URL length: nothing is followed beyond one hop; HTTP auth: no source needs
# credentials; Offsite: spiders set no allowed_domains (SafeDestinationMiddleware decides).
# (The Referer middleware stays: without it the redirect middlewares warn at every start.)
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
}
ITEM_PIPELINES = {
    "crawler.pipelines.StoragePipeline": 300,
}

LOG_LEVEL = "INFO"
LOG_FORMAT = "%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"
FEED_EXPORT_ENCODING = "utf-8"
