"""Word contexts for :mod:`suara.nlp.pii`: what introduces personal data and what protects a number.

Kept apart from the detector logic because these lists are what a reviewer extends (a new courier,
a new bank, another way of writing "my name is").
"""

from __future__ import annotations

import re

# Words after which a number is a phone even when glued ("wa081234567890", "hp/0812...", "hubungi.0812...").
_CONTACT = (
    r"wa|w\.a|whatsapp|whatsap|hp|handphone|telp|tlp|telpon|telepon|tel|phone|call|hubungi|kontak|contact|sms"
    r"|cp|mobile|nomor|nomer|nmr|no"
)
CONTACT_BEFORE = re.compile(
    rf"(?i)(?<![a-z])(?:{_CONTACT})(?:\s*(?:saya|aku|ku|sy|kami|admin|cs|hp|wa|no|nomor|di|ke))*\s*[:./\-]?\s*$"
)

# Couriers, and the words that introduce tracking numbers, orders, invoices and booking codes.
_COURIERS = (
    r"jne|j&t|jnt|j\s?&\s?t|sicepat|si\s?cepat|anteraja|ninja(?:\s?x?press)?|pos(?:\s?indonesia)?|tiki|lion\s?parcel"
    r"|spx|shopee\s?express|wahana|sap|id\s?express|ide|jx|gosend|grab\s?express|dhl|fedex|ups|lex|rpx|paxel"
)
_PROTECT = (
    rf"resi|awb|airway\s?bill|tracking|track|lacak|{_COURIERS}|order|pesanan|invoice|inv|transaksi|trx|ref"
    r"|referensi|booking|pnr|tiket|ticket|voucher|promo|kode|code|otp|pin|sku|imei|serial|sn"
)
_CONNECT = (
    r"no|nomor|nomer|number|num|id|code|kode|saya|ku|nya|anda|kamu|ya|reg|yes|oke|express|xpress|ekspres|cargo"
    r"|kilat|halu|best|instant|#|:|\.|-|="
)
PROTECTED_BEFORE = re.compile(rf"(?i)(?<![a-z])(?:{_PROTECT})(?:\s*(?:{_CONNECT}))*\s*$")
PRICE_BEFORE = re.compile(
    r"(?i)(?:(?<![a-z])(?:rp|idr|usd|sgd|harga|total|biaya|ongkir|saldo|nominal|sebesar|tagihan)\.?|\$)"
    r"\s*[:=]?\s*[+-]?\s*$"
)

# E-mails, also obfuscated: "budi [at] gmail [dot] com", "budi @ gmail . com", "budi at gmail dot com".
_LOCAL = r"[A-Za-z0-9][A-Za-z0-9._%+\-]*"
_AT = r"(?:@|\s+@\s+|\s*[\[({<]\s*(?i:at|@)\s*[\])}>]\s*)"
_DOT = r"(?:\.|\s\.\s|\s*[\[({<]\s*(?i:dot|titik|\.)\s*[\])}>]\s*|\s+(?i:dot|titik)\s+)"
_PART = r"[A-Za-z0-9\-]+"
EMAIL = re.compile(rf"{_LOCAL}{_AT}{_PART}(?:{_DOT}{_PART})*{_DOT}[A-Za-z]{{2,}}\b")
_TLDS = r"com|net|org|id|co|ac|go|or|sch|web|my|io|me|info|biz|edu|gov|sg|uk|au|us"
_WORD_DOT = r"(?:\s*[\[({<]\s*(?i:dot|titik|\.)\s*[\])}>]\s*|\s+(?i:dot|titik)\s+)"
MAILERS = ("gmail", "googlemail", "yahoo", "ymail", "rocketmail", "hotmail", "outlook", "live", "icloud", "protonmail",
           "proton", "aol", "gmx", "mail")
_MAILERS = "|".join(MAILERS)
# "at" as a plain word also joins places ("grab the app at Hollrback.com"): only with a spelled-out dot or a
# web-mail domain.
EMAIL_LOOSE = re.compile(
    rf"{_LOCAL}\s+(?i:at)\s+(?:{_PART}(?:{_DOT}{_PART})*{_WORD_DOT}(?i:{_TLDS})"
    rf"|(?i:{_MAILERS})(?:{_DOT}{_PART})*{_DOT}(?i:{_TLDS}))\b"
)

# A bank account number after "rek", "no rek", "rekening", "account", "a/c", or a bank's name.
_BANKS = (
    r"bca|bni|bri|btn|bsi|mandiri|cimb(?:\s?niaga)?|permata|danamon|ocbc(?:\s?nisp)?|panin|maybank|mega|jago"
    r"|seabank|blu|jenius|btpn|muamalat|bjb|dki"
)
_ACCOUNT_INTRO = (
    rf"(?:(?:no|nomor|nomer)\.?\s*)?(?:rek|rekening|norek|acc|account|a/c)\b\.?"
    rf"(?:\s*(?:no|nomor|nomer|number|num|saya|ku|bank|tujuan|is|adalah|{_BANKS})\b\.?)*"
)
ACCOUNT = re.compile(
    rf"(?i)(?<![a-z])(?:{_ACCOUNT_INTRO}\s*[:.#]?\s*|(?:{_BANKS})\s*[:.]?\s*(?=\d{{8}}|\d{{3,4}}[ .\-]\d))"
    r"(?P<num>\d(?:[ .\-]?\d){7,19})(?!\d)"
)

# Street addresses: "Jl. Sudirman No. 5 RT 03/RW 02", "Jalan Merdeka 10", "Gg. Mawar", "Perum Griya Asri Blok C2".
_CAP = r"(?!(?i:no|nomor|rt|rw|blok|kav)\b)(?:[A-Z][\w'’.\-]*|\d+[A-Za-z]?)"
_FIRST = r"(?!(?i:no|nomor|rt|rw|blok|kav)\b)[A-Z][\w'’.\-]*"
_STREET = (
    rf"(?:(?<![\w])(?i:jl|jln)\.?\s*(?:{_FIRST}(?:\s+{_CAP}){{0,4}}|[a-z]+(?:\s[a-z]+)?(?=\s*,?\s*(?i:no|nomor|rt|blok)\b))"
    rf"|(?<![\w-])Jalan\s+{_FIRST}(?:\s+{_CAP}){{0,4}}"
    rf"|(?<![\w-])(?i:jalan)\s+[A-Za-z]\w*(?:\s+[A-Za-z]\w*){{0,3}}(?=\s*,?\s*(?i:no|nomor|rt|blok|kav)\.?\s*\d)"
    rf"|(?<![\w])(?i:gg|gang)\.?\s+{_FIRST}(?:\s+{_CAP}){{0,3}}"
    rf"|(?<![\w])(?:Komp|Komplek|Kompleks|Perum|Perumahan)\.?\s+{_FIRST}(?:\s+{_CAP}){{0,4}})"
)
_HOUSE = r"(?:\s*,?\s*(?i:no|nomor|blok|kav)\.?\s*[A-Za-z]?\d+[A-Za-z]?(?:[/-]\d+[A-Za-z]?)?)*"
_RTRW = r"(?:\s*,?\s*(?i:rt)\.?\s*\d{1,3}\s*[/,]?\s*(?:(?i:rw)\.?\s*\d{1,3})?)?"
ADDRESS = re.compile(
    rf"{_STREET}{_HOUSE}{_RTRW}|(?<![\w])(?i:rt)\.?\s*\d{{1,3}}\s*[/,]?\s*(?i:rw)\.?\s*\d{{1,3}}(?!\d)"
)

# A name after "nama saya", "my name is", "a.n." (atas nama), "nama:".
_NAME_INTRO = (
    r"(?i:\b(?:nama\s+(?:saya|aku|gue|gw|sy|ku)\b|namaku\b|nama\s*:|my\s+name\s+is\b|my\s+name's\b"
    r"|(?:saya|aku)\s+bernama\b|atas\s+nama\b|a\s?[./]\s?n\b\.?))(?:\s*(?:(?i:adalah|ialah|is)\b|[:\-]))?\s*"
)
NAME = re.compile(
    rf"{_NAME_INTRO}(?P<name>[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’.\-]*){{0,3}}|[a-z][\w'’\-]+(?:\s+[a-z][\w'’\-]+)?)"
)
# Words that end a name candidate (a name is never "tidak", "salah", "from" ...).
NAME_STOP = frozenset(
    "dari dan di ke yang yg tapi tetapi sudah udah sdh belum blm tidak tdk gak ga gk nggak ngga enggak bukan "
    "salah benar bener kok kenapa knp mau ingin pengen minta tolong mohon sebagai adalah juga jg lagi lg masih "
    "sering selalu pernah akan bisa bs dapat hilang muncul berubah tertulis terdaftar tercantum diganti ganti "
    "dengan dgn untuk utk buat pada ini itu sih dong deh kak min gan sis bro ya sama beda kurang typo keliru "
    "and from i im i'm not is was has have had the a an but to in on at with for please pls thanks here there "
    "wrong missing shows showing appears changed spelled written still also my your our this that it its "
    "saya aku kami kamu anda dia mereka nya kalo kalau jadi karena krn skrg sekarang now".split()
)
