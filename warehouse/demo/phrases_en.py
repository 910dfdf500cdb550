"""English phrase bank of the demo generator (same theme keys and slot names as the Indonesian one)."""

from __future__ import annotations

SLOTS = {
    "kurir": (
        "the courier",
        "our courier",
        "the delivery guy",
        "the driver",
        "the delivery man",
        "the rider",
    ),
    "app": ("the app", "this app", "your app", "the mobile app"),
    "pay": (
        "OVO",
        "GoPay",
        "DANA",
        "ShopeePay",
        "BCA virtual account",
        "Mandiri VA",
        "my credit card",
        "QRIS",
        "bank transfer",
    ),
    "late": ("2 weeks", "12 days", "almost 3 weeks", "10 days", "over a week", "16 days"),
    "product": (
        "shoes",
        "t-shirt",
        "blender",
        "headphones",
        "skincare set",
        "bag",
        "rice cooker",
        "phone case",
        "jeans",
        "jacket",
        "power bank",
        "bed sheets",
        "water bottle",
    ),
    "cs": ("customer service", "the support agent", "the CS team", "the chat agent", "the call centre agent"),
    "wait": ("an hour", "45 minutes", "2 hours", "the whole day", "3 days"),
    "days": ("3 days", "5 days", "a week", "2 weeks", "a month", "10 days"),
    "promo": (
        "free shipping voucher",
        "cashback promo",
        "discount code",
        "flash sale",
        "11.11 promo",
        "50% off voucher",
        "payday promo",
    ),
    "social": ("Instagram", "TikTok", "YouTube", "Facebook"),
    "city": ("Jakarta", "Bandung", "Surabaya", "Semarang", "Bekasi", "Makassar", "Denpasar", "Malang"),
}
"""Static slot fillers; ``{city_story}`` is filled with a city of the story region by the generator."""

TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "payment_failure": (
        (
            "payment failed at checkout but my {pay} balance was still deducted",
            "I was charged twice for the same order, {amount} each time",
            "tried to pay with {pay} and got an error every single time",
            "money left my account but the order says payment failed",
            "checkout keeps failing at the payment step",
            "double charge on my card and only one order",
            "the virtual account expired right after I transferred {amount}, order got cancelled",
            "payment page just spins and then says transaction failed",
            "{pay} payment went through on my side but the app shows unpaid",
            "my order was auto-cancelled even though {pay} took the money",
            "payment with {pay} failed but I still got a debit notification from my bank",
        ),
        (
            "tried 3 times, same result",
            "support just told me to wait 24 hours",
            "order number {order_id}",
            "this started happening in the last couple of weeks",
            "where is my money",
            "it never used to fail like this",
            "I just want my {amount} back",
            "please refund the double charge",
        ),
    ),
    "slow_delivery_medan": (
        (
            "my package to {city_story} arrived {late} late",
            "delivery to {city_story} takes forever, still waiting after {late}",
            "my parcel has been stuck at the {city_story} sorting hub for {late}",
            "estimated 3 days but it took {late} to reach {city_story}",
            "shipping outside Java is painfully slow, {late} for one parcel",
            "order still not delivered after {late}",
            "every order to {city_story} is late, this one by {late}",
        ),
        (
            "tracking hasn't updated in days",
            "I even paid for express shipping",
            "deliveries to Jakarta are fast, why not here",
            "tracking number {resi} still says in transit",
            "my neighbours have the same problem",
        ),
    ),
    "courier_praise": (
        (
            "{kurir} was so friendly and helpful",
            "{kurir} was super polite and even called ahead",
            "{kurir} carried the heavy box up to the third floor, so kind",
            "shout out to {kurir}, friendly and on time",
            "{kurir} was really nice and patient while I came downstairs",
            "{kurir} wrapped the parcel in plastic because of the rain, great service",
            "{kurir} was friendly and asked where I wanted the package",
        ),
        (
            "give that courier a raise",
            "made my day honestly",
            "parcel arrived in perfect condition",
            "best delivery experience so far",
        ),
    ),
    "mixed_payment": (
        (
            "the app keeps erroring when I pay",
            "payment with {pay} failed the first time",
            "checkout failed twice",
            "my {pay} balance got deducted on a failed payment",
        ),
        (),
    ),
    "delivery_slow": (
        (
            "delivery was really slow, {days} and still nothing",
            "the delivery estimate was way off",
            "my parcel came {days} later than promised",
            "status says out for delivery but nobody came",
        ),
        ("tracking never updates", "tracking number {resi} shows nothing", "I needed it urgently"),
    ),
    "delivery_fast": (
        (
            "super fast delivery, ordered yesterday and it arrived today",
            "arrived earlier than the estimate",
            "same day delivery actually came the same day",
        ),
        ("impressive", "right on schedule"),
    ),
    "app_crash": (
        (
            "{app} keeps crashing since the {version} update",
            "after updating, {app} force closes on launch",
            "{app} freezes whenever I open the cart",
            "{app} shows a blank white screen after the update",
        ),
        ("already cleared cache and reinstalled", "please fix this", "using a Xiaomi Redmi Note 12"),
    ),
    "app_easy": (
        ("{app} is easy to use", "clean and simple interface", "{app} is light and rarely has issues"),
        ("well done", "very user friendly"),
    ),
    "refund_slow": (
        (
            "still waiting for my refund after {days}",
            "the refund process is painfully slow",
            "returned the item but never got my money back",
            "refund request rejected with no clear reason",
        ),
        ("asked support several times", "order {order_id}", "only template answers"),
    ),
    "return_easy": (
        (
            "returns were quick and painless",
            "refund came back fast, no hassle",
            "exchanging the size was easy, they picked it up from my house",
        ),
        ("thank you", "makes me trust this shop"),
    ),
    "cs_helpful": (
        (
            "{cs} was friendly and quick to respond",
            "{cs} was really helpful and solved it right away",
            "{cs} explained everything patiently",
            "great help from {cs}",
        ),
        ("thanks a lot", "five stars for the service"),
    ),
    "cs_slow": (
        (
            "{cs} took {wait} to reply",
            "the chatbot doesn't understand anything and I can't reach a human",
            "nobody picks up the call centre line",
            "{cs} only gives copy-paste answers",
            "my complaint got passed around between departments",
        ),
        ("issue still not resolved", "no solution after {days}", "so tiring"),
    ),
    "quality_good": (
        (
            "the {product} is great quality, exactly like the photos",
            "the {product} is original and durable",
            "product quality is excellent for the price",
            "the {product} matches the description",
        ),
        ("will order again", "worth every rupiah"),
    ),
    "quality_bad": (
        (
            "the {product} looks nothing like the photos",
            "the {product} broke after one use",
            "item arrived defective and scratched",
            "the {product} is fake, not original",
        ),
        ("disappointed", "not worth the price", "asked for an exchange, no reply yet"),
    ),
    "promo_confusing": (
        (
            "the {promo} can't be applied at checkout",
            "the {promo} terms are confusing",
            "cashback never arrived even though I met the conditions",
            "prices go up before the sale, misleading",
            "the {promo} disappeared from my cart",
        ),
        ("discount code HEMAT50 says invalid", "please make the terms clearer"),
    ),
    "price_good": (
        (
            "prices are cheap and there are lots of promos",
            "the {promo} really saves money",
            "cheaper than other shops",
        ),
        ("great value", "love the deals"),
    ),
    "packaging_damaged": (
        (
            "the box arrived crushed and wet",
            "sloppy packing, my {product} was broken",
            "the packaging was torn open",
        ),
        ("please pack more carefully", "I have photos"),
    ),
    "packaging_good": (
        ("packaging was neat and secure", "wrapped in thick bubble wrap, arrived safely"),
        ("nice touch", "thanks seller"),
    ),
    "website_slow": (
        ("the website is so slow", "the site keeps showing error 500", "website won't load on my laptop"),
        ("had to switch to the app", "please fix it"),
    ),
    "search_bad": (
        (
            "search results are irrelevant",
            "searching for {product} shows random items",
            "the price filter doesn't work",
        ),
        ("hard to find anything", "product descriptions are incomplete"),
    ),
    "search_good": (
        ("search is accurate and fast", "filters make it easy to find {product}"),
        ("clear photos and descriptions", "nice"),
    ),
    "ads_annoying": (
        ("your ads are all over my {social} feed, so annoying", "promo notifications spam me every hour"),
        ("please tone it down", "the ad price was different from the app"),
    ),
    "ads_discovery": (
        (
            "found you through a {social} ad and the product was good",
            "saw a review on {social} and gave it a try",
        ),
        ("no regrets", "nice"),
    ),
    "billing_wrong": (
        (
            "my paylater bill doesn't match my order total",
            "the invoice has extra fees I never agreed to",
            "charged an admin fee of {amount} without notice",
        ),
        ("still waiting for the bill breakdown", "please check"),
    ),
    "loyalty_points": (
        (
            "membership points never got credited",
            "my cashback coins expired way too early",
            "reward points can't be redeemed",
        ),
        ("it's been {days}", "the program is confusing"),
    ),
    "loyalty_good": (
        ("the membership program is worth it", "reward points give nice discounts"),
        ("keeps me coming back", "great"),
    ),
    "store_good": (
        ("staff at the {city} store were friendly", "the physical store is clean and comfortable"),
        ("happy with the visit", "will come back"),
    ),
    "store_bad": (
        ("the checkout queue at the {city} store was so long", "store stock doesn't match the app"),
        ("add more cashiers please", "disappointed"),
    ),
    "network_issue": (
        (
            "servers are down again, can't log in",
            "keep getting network error even on good wifi",
            "the app can't connect during peak hours",
        ),
        ("happens every promo day", "tried mobile data too"),
    ),
    "neutral_general": (
        (
            "it's okay",
            "average experience, nothing special",
            "decent overall",
            "fine I guess",
            "no complaints so far",
        ),
        ("could be better", "ok"),
    ),
    "feature_request": (
        ("please add cash on delivery", "would love a dark mode", "please add {pay} as a payment option"),
        ("would make things easier", "thanks"),
    ),
    "account_question": (
        (
            "how do I change my delivery address",
            "how can I update the phone number on my account",
            "forgot my password and the reset email never arrives",
        ),
        ("please help", "thank you"),
    ),
}
"""Theme key → (main clauses, extra sentences)."""

OPENERS = {
    "nps_survey": ("", "", "", "honestly ", "overall ", "tbh "),
    "post_contact_survey": ("", "", "", "yesterday ", "today "),
    "app_reviews": ("", "", "", "dev team, ", "update: ", "honest review: "),
    "support_tickets": ("hi, ", "hello, ", "good afternoon, ", "hi team, ", "", "dear support, "),
}
"""Optional opening words per source."""

CLOSERS = {
    "positive": ("love it", "highly recommended", "thank you", "keep it up", "amazing", "10/10"),
    "neutral": ("ok", "hope it improves", "thanks"),
    "negative": (
        "please fix",
        "very disappointed",
        "so frustrating",
        "never again",
        "fix it asap",
        "unacceptable",
        "ridiculous",
    ),
    "mixed": ("hope you fix it", "overall okay", "needs improvement"),
}
"""Closing words per sentiment."""

CONNECTORS = (" but ", ", but ", ", however ", ". only problem: ", ", although ")
"""Joins the positive half of a mixed item to the negative half that follows it."""

CONNECTORS_NEG_FIRST = (" but ", ", but ", ". on the bright side, ", ", although ", ". still, ")
"""Joins a negative half to the positive half that follows it."""

CALL_PREFIX = ("Caller reports: ", "Customer called - ", "Phone call: ")
"""Agent-written prefix of call-centre tickets."""

PII_SENTENCES = {
    "phone": ("call me back at {phone}", "my number is {phone}", "WhatsApp me on {phone}"),
    "email": ("my email is {email}", "reply to {email} please"),
    "nik": ("my ID number (NIK) is {nik}", "NIK {nik} for verification"),
    "card": ("the card charged was {card}", "card number {card}"),
}
"""Sentences that plant personal data in a text."""

SLANG = {
    "you": ("u",),
    "please": ("pls", "plz"),
    "thank you": ("thx", "ty"),
    "really": ("rly",),
    "because": ("cuz", "bc"),
    "to be honest": ("tbh",),
}
"""Standard word → informal spellings."""

ELONGATE = ("so", "slow", "love", "good", "bad", "long", "please", "great", "nice")
"""Words a writer may stretch ("sooo slowww")."""
