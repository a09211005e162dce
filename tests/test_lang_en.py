"""English copy as it comes, one paragraph per construction family of issue 12: promises written
in many shapes beside the hard negatives that look like them (someone else's deadline, the
reader's deadline, history, disclaimers, rivals' superlatives, futures that promise no feature).
Each sentence must get exactly the categories a reviewer would give it."""

from __future__ import annotations

import pytest

from tests.test_lang_it import ABSOLUTE, DELIVERY, FEATURE, assert_reviewer_categories

# (sentence, categories it must get at warning or above); all written for this test.
SUPERLATIVES = [
    ("The sharpest photo editor for hobbyists.", {ABSOLUTE}),
    ("Our smoothest checkout yet.", {ABSOLUTE}),
    ("The most dependable courier in Leeds.", {ABSOLUTE}),
    ("Faster than any other backup tool.", {ABSOLUTE}),
    ("We are one of the leading suppliers of lab glass in Europe.", {ABSOLUTE}),
    ("Britain's favourite accounting app.", {ABSOLUTE}),
    ("Simply the best.", {ABSOLUTE}),
    ("Download the latest version from the releases page.", set()),
    ("The largest file you can upload is 2 GB.", set()),
    ("Some of the highest rents in the country are in this city.", set()),
    ("Our competitor claims to be the fastest on the market.", set()),
    ("For the most part, setup is simple.", set()),
    ("The biggest challenge for small shops is cash flow.", set()),
]

UNIVERSALS = [
    ("We never sell your browsing data.", {ABSOLUTE}),
    ("The app always responds in a blink.", {ABSOLUTE}),
    ("It encrypts every file at all times.", {ABSOLUTE}),
    ("Everything just works, on every device.", {ABSOLUTE}),
    ("Instant quote for your move.", {ABSOLUTE}),
    ("Endless storage for your photos.", {ABSOLUTE}),
    ("You can always cancel from the settings page.", set()),
    ("We never had a breach, but we audit anyway.", set()),
    ("Our staff will never ask for your password.", set()),
    ("Never reuse a password across sites.", set()),
]

AVAILABILITY = [
    ("Support available 24 hours a day, 7 days a week.", {DELIVERY}),
    ("Staffed 24-7 by our own team.", {DELIVERY}),
    ("Open 24hrs a day.", {DELIVERY}),
    ("A 99.9 per cent uptime commitment on every plan.", {DELIVERY}),
    ("Phone support from 8am to 6pm, Monday to Friday.", {DELIVERY}),
    ("Always reachable by phone.", {DELIVERY}),
    ("We make no warranty that support will be available 24/7.", set()),
    ("Backups run every 24 hours.", set()),
]

DURATIONS = [
    ("Quotes within forty-eight hours.", {DELIVERY}),
    ("Replacements arrive in three to five working days.", {DELIVERY}),
    ("Replies within 24-48h.", {DELIVERY}),
    ("Response time < 1 hour.", {DELIVERY}),
    ("Get a response in half an hour.", {DELIVERY}),
    ("Order today, get it by tomorrow.", {DELIVERY}),
    ("Delivered overnight to your door.", {DELIVERY}),
    ("We will deliver the report two weeks after kickoff.", {DELIVERY}),
    ("The court will rule within 3 weeks.", set()),
    ("Invoices are due within 30 days.", set()),
    ("Please reply within 5 days to keep your booking.", set()),
    ("The link expires in 60 minutes.", set()),
    ("The report is generated in 2 seconds.", set()),
    ("In 2019 we shipped orders within 24 hours.", set()),
    ("We usually reply within two hours.", set()),
    # "should" as the inverted "if" of a condition is no hedge
    ("Should you need help, we reply within an hour.", {DELIVERY}),
    ("Replies should arrive within a day.", set()),
    # the reader's permission is no hedge of the writer's promise
    ("We reply within an hour, and you may cancel at any time.", {DELIVERY}),
    # a free estimate is a quote delivered, not an estimate of the time
    ("Free estimates within 24 hours.", {DELIVERY}),
    ("We estimate delivery within 3 days.", set()),
]

DATES = [
    # "May" the month is no hedge
    ("Version 5 will be released on 12 May 2027.", {DELIVERY, FEATURE}),
    ("The retirement takes effect in October 2027.", {DELIVERY}),
    ("Applicants must submit their documents by 1 April 2027.", set()),
    ("We launched the app on 4 May 2021.", set()),
]

FEATURES = [
    ("Team accounts (coming soon)", {FEATURE}),
    ("Shared drives (beta, GA in Q3)", {FEATURE}),
    ("Calendar sync is on the way.", {FEATURE}),
    ("Exports to Excel will follow.", {FEATURE}),
    ("Gantt charts arrive later this year.", {FEATURE}),
    ("Watch this space for voice commands.", {FEATURE}),
    ("Support for ARM chips arrives in version 4.", {FEATURE}),
    ("Two-factor login is being rolled out to all users.", {FEATURE}),
    ("We are about to launch a reseller program.", {FEATURE}),
    ("Android support is in beta and will be generally available in May.", {FEATURE}),
    ("A receipt will be emailed to you.", set()),
    ("Your invoice will appear in the billing tab.", set()),
    ("Your parcel will arrive in two days.", {DELIVERY}),
    ("The board will meet next month to vote.", set()),
    ("We may add a Linux build if there is demand.", set()),
]


@pytest.mark.parametrize(
    "paragraph",
    [SUPERLATIVES, UNIVERSALS, AVAILABILITY, DURATIONS, DATES, FEATURES],
    ids=["superlatives", "universals", "availability", "durations", "dates", "features"],
)
def test_each_sentence_gets_the_categories_a_reviewer_would_give(
    paragraph: list[tuple[str, set[str]]],
) -> None:
    assert_reviewer_categories("en", paragraph)
