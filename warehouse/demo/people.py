"""Fake customers and the personal data the demo plants: e-mails, Indonesian phones, NIK, card numbers.

All values are synthetic. Card numbers pass the Luhn check and NIKs follow the 16-digit layout
(province, regency, district, birth date, sequence) so that redaction is exercised on realistic shapes.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

from suara.warehouse.demo.themes import REGIONS

FIRST = (
    "Budi", "Siti", "Agus", "Dewi", "Rizky", "Putri", "Andi", "Intan", "Fajar", "Rina", "Dimas", "Ayu", "Hendra",
    "Nurul", "Yoga", "Sari", "Bayu", "Maya", "Eko", "Fitri", "Reza", "Wulan", "Teguh", "Lestari", "Kevin",
    "Jessica", "Michael", "Grace", "Ucok", "Butet",
)
LAST = (
    "Santoso", "Wijaya", "Saputra", "Hidayat", "Pratama", "Siregar", "Nasution", "Simanjuntak", "Harahap",
    "Kurniawan", "Setiawan", "Rahman", "Gunawan", "Halim", "Tanjung", "Purba", "Susanto", "Putra", "Lubis",
)
DOMAINS = ("gmail.com", "gmail.com", "yahoo.co.id", "outlook.com", "hotmail.com", "ymail.com")
MOBILE_PREFIXES = (
    "812", "813", "821", "822", "852", "853", "857", "858", "877", "878", "896", "895", "881", "838",
)
PROVINCE_CODE = {
    "DKI Jakarta": 31,
    "Jawa Barat": 32,
    "Jawa Tengah": 33,
    "DI Yogyakarta": 34,
    "Jawa Timur": 35,
    "Banten": 36,
    "Bali": 51,
    "Sumatera Utara": 12,
    "Sulawesi Selatan": 73,
    "Kalimantan Timur": 64,
    "Sumatera Selatan": 16,
    "Riau": 14,
}


@dataclass(frozen=True)
class Customer:
    """A synthetic customer with the personal data the exports may carry."""

    customer_id: str
    email: str
    phone: str
    nik: str
    card: str
    region: str
    city: str


def make_customers(rng: random.Random, count: int) -> list[Customer]:
    """Draw ``count`` customers; regions follow the shares in :data:`REGIONS`."""
    regions = list(REGIONS)
    shares = [REGIONS[r][0] for r in regions]
    customers = []
    for n in range(count):
        region = rng.choices(regions, shares)[0]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        user = f"{first.lower()}{rng.choice(('.', '_', ''))}{last.lower()}{rng.randint(1, 99)}"
        email = f"{user}@{rng.choice(DOMAINS)}"
        customers.append(
            Customer(
                customer_id=f"CUST-{100000 + n * 7 + rng.randint(0, 6)}",
                email=email,
                phone=phone_number(rng),
                nik=nik(rng, region),
                card=card_number(rng),
                region=region,
                city=rng.choice(REGIONS[region][1]),
            )
        )
    return customers


def phone_number(rng: random.Random) -> str:
    """An Indonesian mobile number in one of the forms people type (+62 / 08, with or without separators)."""
    prefix = rng.choice(MOBILE_PREFIXES)
    a, b = f"{rng.randint(0, 9999):04d}", f"{rng.randint(0, 9999):04d}"
    forms = (
        f"08{prefix[1:]}{a}{b}",
        f"0{prefix}-{a}-{b}",
        f"+62 {prefix}-{a}-{b}",
        f"+62{prefix}{a}{b}",
        f"0{prefix} {a} {b}",
        f"62{prefix}{a}{b}",
    )
    return rng.choice(forms)


def nik(rng: random.Random, region: str) -> str:
    """A 16-digit NIK: province, regency, district, birth date (women +40 on the day), sequence."""
    day = rng.randint(1, 28) + (40 if rng.random() < 0.5 else 0)
    return (
        f"{PROVINCE_CODE[region]:02d}{rng.randint(1, 20):02d}{rng.randint(1, 30):02d}"
        f"{day:02d}{rng.randint(1, 12):02d}{rng.randint(0, 99):02d}{rng.randint(1, 999):04d}"
    )


def luhn_digit(partial: str) -> str:
    """Check digit that makes ``partial`` + digit pass the Luhn test."""
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    """True when the digits of ``number`` pass the Luhn check."""
    digits = [c for c in number if c.isdigit()]
    return len(digits) >= 12 and luhn_digit("".join(digits[:-1])) == digits[-1]


def card_number(rng: random.Random) -> str:
    """A Luhn-valid 16-digit Visa or Mastercard number, grouped the way people type it."""
    start = rng.choice(("4", "51", "52", "53", "54", "55"))
    body = start + "".join(rng.choice(string.digits) for _ in range(15 - len(start)))
    number = body + luhn_digit(body)
    groups = [number[i : i + 4] for i in range(0, 16, 4)]
    return rng.choice((" ".join(groups), "-".join(groups), number))


def order_id(rng: random.Random) -> str:
    """An order id like the ones on invoices (not personal data; redaction must leave it alone)."""
    if rng.random() < 0.5:
        return f"INV/2026{rng.randint(1, 11):02d}{rng.randint(1, 28):02d}/MPL/{rng.randint(1000000, 9999999)}"
    return f"#SU-{rng.randint(10000000, 99999999)}"


def tracking_number(rng: random.Random) -> str:
    """A courier tracking number (JNE/J&T-like; digits that are not a phone number)."""
    return rng.choice(("JP", "CGK", "SPXID", "JX")) + "".join(rng.choice(string.digits) for _ in range(10))


def amount(rng: random.Random) -> str:
    """A rupiah amount written the Indonesian way (``Rp 150.000``, ``250rb``)."""
    value = rng.choice((49, 75, 89, 99, 125, 150, 199, 250, 349, 499, 750, 1250)) * 1000 + rng.choice(
        (0, 0, 900)
    )
    if rng.random() < 0.25:
        return f"{value // 1000}rb"
    return "Rp " + f"{value:,}".replace(",", ".")


def app_version(rng: random.Random) -> str:
    """An app version string."""
    return f"4.{rng.randint(9, 12)}.{rng.randint(0, 3)}"
