"""Indonesian phrase bank of the demo generator: clauses per theme, slot fillers, openers, closers, slang.

Clauses are written in plain casual Indonesian; :mod:`suara.warehouse.demo.compose` then swaps words for
slang (gak, udh, yg, bgt), elongates, adds emoji and punctuation noise. ``{slot}`` names are filled
from :data:`SLOTS` or by the generator (``amount``, ``order_id``, ``resi``, ``version``).
"""

from __future__ import annotations

SLOTS = {
    "kurir": (
        "kurirnya",
        "abang kurirnya",
        "mas kurirnya",
        "bapak kurirnya",
        "kurir yang antar",
        "driver pengirimannya",
        "abang paketnya",
    ),
    "app": ("aplikasinya", "apk nya", "app nya", "aplikasi ini", "aplikasi kalian"),
    "pay": (
        "OVO",
        "GoPay",
        "DANA",
        "ShopeePay",
        "VA BCA",
        "VA Mandiri",
        "virtual account BRI",
        "kartu kredit",
        "QRIS",
        "transfer BNI",
        "LinkAja",
    ),
    "late": (
        "2 minggu",
        "12 hari",
        "hampir 3 minggu",
        "10 hari",
        "seminggu lebih",
        "16 hari",
        "2 minggu lebih",
    ),
    "product": (
        "sepatu",
        "kaos",
        "blender",
        "headset",
        "skincare",
        "tas",
        "rice cooker",
        "hp",
        "celana jeans",
        "kemeja",
        "mainan anak",
        "botol minum",
        "jaket",
        "power bank",
        "sprei",
    ),
    "cs": ("CS nya", "customer service nya", "admin nya", "mbak CS nya", "agent chat nya", "kakak CS nya"),
    "wait": ("1 jam", "45 menit", "2 jam", "seharian", "3 hari", "berjam-jam"),
    "days": ("3 hari", "5 hari", "seminggu", "2 minggu", "sebulan", "10 hari"),
    "promo": (
        "voucher gratis ongkir",
        "promo cashback",
        "kode voucher",
        "flash sale",
        "promo 11.11",
        "voucher diskon 50%",
        "promo payday",
    ),
    "social": ("IG", "TikTok", "YouTube", "Facebook", "instagram"),
    "city": ("Jakarta", "Bandung", "Surabaya", "Semarang", "Bekasi", "Makassar", "Denpasar", "Malang"),
}
"""Static slot fillers; ``{city_story}`` is filled with a city of the story region by the generator."""

TEMPLATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "payment_failure": (
        (
            "sudah bayar pakai {pay} tapi pesanan gagal, saldo terpotong {amount}",
            "saldo {pay} terpotong tapi status pesanan masih menunggu pembayaran",
            "kena double charge pas checkout, {amount} kepotong dua kali",
            "pembayaran via {pay} gagal terus, muncul error pas klik bayar",
            "transaksi gagal tapi uang sudah keluar dari {pay}",
            "{pay} error pas checkout, sudah coba berkali-kali tetap payment failed",
            "bayar pakai {pay} katanya gagal, eh saldonya berkurang {amount}",
            "checkout gagal terus, pembayaran {pay} tidak pernah terkonfirmasi",
            "kartu kredit saya ditagih dua kali untuk satu pesanan",
            "nomor VA nya expired padahal baru dibuat, sudah transfer {amount} tapi pesanan batal",
            "mau bayar saja susah, halaman pembayaran loading terus lalu gagal",
            "pesanan dibatalkan otomatis padahal {pay} sudah terpotong",
            "gagal bayar pakai {pay}, tapi notif dari bank uangnya sudah ditarik",
        ),
        (
            "sudah 3x coba tetap gagal",
            "CS cuma bilang tunggu 1x24 jam",
            "uang saya mana",
            "no pesanan {order_id}",
            "gimana mau belanja lagi kalau bayar saja gagal",
            "baru kali ini parah banget",
            "tolong dananya dikembalikan secepatnya",
            "dua minggu terakhir jadi sering gagal begini",
            "padahal dulu lancar-lancar saja",
            "total yang kepotong {amount}",
            "refund nya juga belum masuk",
        ),
    ),
    "slow_delivery_medan": (
        (
            "paket ke {city_story} telat {late}",
            "pengiriman ke {city_story} lama banget, sudah {late} belum sampai",
            "estimasi 3 hari tapi ke {city_story} jadi {late}",
            "paket nyangkut di gudang transit {city_story} {late}",
            "tinggal di {city_story}, tiap order pasti telat",
            "status paket tidak gerak dari hub {city_story}",
            "pesanan belum sampai juga, sudah {late}",
            "kirim ke luar Jawa kok lama banget ya, sampai {late}",
            "ongkir ke {city_story} mahal tapi sampainya {late}",
            "paket saya di {city_story} tertahan {late} tanpa kabar",
        ),
        (
            "tracking nya tidak update",
            "katanya ada kendala di hub {city_story}",
            "padahal bayar ongkir express",
            "barangnya buat acara, jadi tidak kepakai",
            "ke Jakarta saja cepat, kenapa ke sini lama",
            "resi {resi} masih di gudang",
            "tiap ditanya jawabannya sabar ya kak",
            "tetangga juga ngalamin hal yang sama",
        ),
    ),
    "courier_praise": (
        (
            "{kurir} ramah banget, barang diantar sampai depan pintu",
            "{kurir} sopan dan sabar nungguin saya turun",
            "terima kasih {kurir}, ramah dan helpful",
            "{kurir} baik banget, hujan-hujan tetap antar dan paketnya dibungkus plastik",
            "{kurir} telepon dulu sebelum datang, ramah lagi",
            "pelayanan {kurir} top, senyum terus dan cepat",
            "{kurir} friendly banget, dibantu angkat barang yang berat",
            "salut sama {kurir}, ramah dan tepat waktu",
            "{kurir} ramah, sampai nanya mau ditaruh di mana paketnya",
        ),
        (
            "kasih bintang 5 buat kurirnya",
            "semoga kurirnya sehat selalu",
            "jarang nemu kurir seramah ini",
            "paket aman sentosa",
            "pokoknya mantap",
            "tolong kasih bonus ke kurirnya",
        ),
    ),
    "mixed_payment": (
        (
            "aplikasinya error terus pas bayar",
            "pembayaran pakai {pay} sempat gagal",
            "checkout nya sering gagal",
            "saldo {pay} sempat terpotong padahal gagal bayar",
        ),
        (),
    ),
    "delivery_slow": (
        (
            "pengiriman lama banget, sudah {days} belum sampai",
            "estimasi pengiriman meleset jauh",
            "paketnya telat {days} dari estimasi",
            "kurir tidak datang-datang padahal status sedang diantar",
            "pesanan diproses lama sekali sebelum dikirim",
        ),
        ("tracking tidak update", "resi {resi} tidak bisa dilacak", "padahal butuh cepat"),
    ),
    "delivery_fast": (
        (
            "pengiriman cepat banget, pesan kemarin hari ini sudah sampai",
            "barang sudah sampai, lebih cepat dari estimasi",
            "same day delivery nya beneran sampai hari itu juga",
            "pengirimannya gercep",
        ),
        ("mantap", "sesuai estimasi", "packing rapi juga"),
    ),
    "app_crash": (
        (
            "{app} force close terus setelah update {version}",
            "habis update {app} jadi sering crash",
            "{app} tidak bisa dibuka, keluar sendiri",
            "{app} nge-lag dan sering hang pas buka keranjang",
            "setelah update versi {version} {app} blank putih",
        ),
        (
            "sudah clear cache tetap sama",
            "sudah install ulang juga",
            "tolong segera diperbaiki",
            "hp saya Samsung A52",
            "jadi malas belanja",
        ),
    ),
    "app_easy": (
        (
            "{app} gampang banget dipakai",
            "tampilan {app} simpel dan tidak ribet",
            "{app} ringan dan jarang error",
            "fitur yang ada di {app} lengkap dan mudah",
        ),
        ("recommended", "mantap", "user friendly banget"),
    ),
    "refund_slow": (
        (
            "refund belum masuk sudah {days}",
            "pengembalian dana lama sekali prosesnya",
            "barang sudah diretur tapi uang belum kembali",
            "pengajuan refund ditolak tanpa alasan jelas",
            "refund {amount} tidak jelas kapan cair",
        ),
        ("sudah tanya CS berkali-kali", "no pesanan {order_id}", "jawabannya template terus"),
    ),
    "return_easy": (
        (
            "proses retur gampang dan cepat",
            "refund nya cepat masuk, tidak ribet",
            "tukar ukuran gampang banget, kurir jemput ke rumah",
        ),
        ("terima kasih", "jadi tenang belanja di sini"),
    ),
    "cs_helpful": (
        (
            "{cs} ramah dan cepat tanggap",
            "{cs} membantu banget, masalah langsung beres",
            "{cs} fast response banget dan solutif",
            "{cs} sabar jelasin sampai saya paham",
            "dilayani dengan baik sama {cs}",
        ),
        ("terima kasih kak", "pelayanan bintang 5", "keren"),
    ),
    "cs_slow": (
        (
            "{cs} lama balasnya, nunggu {wait}",
            "chat sama bot tidak nyambung, susah sambung ke agent",
            "telepon call center tidak diangkat-angkat",
            "{cs} cuma kasih jawaban template",
            "komplain saya dilempar-lempar ke bagian lain",
        ),
        ("masalah belum selesai", "sudah {days} belum ada solusi", "capek nunggu"),
    ),
    "quality_good": (
        (
            "kualitas {product} nya bagus, sesuai foto",
            "{product} nya original dan awet banget",
            "barangnya bagus banget, worth it",
            "bahan {product} nya tebal dan rapi",
            "{product} yang datang sesuai deskripsi",
        ),
        ("bakal order lagi", "harga sebanding dengan kualitas", "suka banget"),
    ),
    "quality_bad": (
        (
            "{product} yang datang tidak sesuai foto",
            "kualitas {product} jelek, baru dipakai sudah rusak",
            "barangnya cacat dan ada goresan, tidak sesuai",
            "{product} nya palsu, bukan original",
            "warna {product} yang datang beda jauh",
        ),
        ("kecewa", "tidak sesuai harga", "minta tukar belum direspon"),
    ),
    "promo_confusing": (
        (
            "{promo} tidak bisa dipakai pas checkout",
            "syarat {promo} membingungkan",
            "cashback nya tidak masuk padahal sudah sesuai syarat",
            "harga naik dulu baru didiskon, bohong",
            "{promo} tiba-tiba hilang dari keranjang",
        ),
        ("kode voucher HEMAT50 katanya tidak valid", "tolong syaratnya diperjelas", "merasa ditipu"),
    ),
    "price_good": (
        (
            "harganya murah banget dan sering ada promo",
            "{promo} nya beneran hemat, tidak bohong",
            "harga bersaing, lebih murah dari toko yang lain",
            "gratis ongkir nya membantu banget",
        ),
        ("hemat banget", "worth it", "mantap"),
    ),
    "packaging_damaged": (
        (
            "paket datang penyok dan basah",
            "packing nya asal, {product} nya pecah",
            "kardus nya sobek, isinya berantakan",
            "bubble wrap nya tipis banget, barang rusak",
        ),
        ("tolong packing lebih aman", "sudah saya foto", "kecewa"),
    ),
    "packaging_good": (
        (
            "packing nya rapi banget dan aman",
            "dibungkus bubble wrap tebal, aman sampai tujuan",
            "kemasannya cantik, sudah kayak kado",
        ),
        ("suka", "terima kasih seller"),
    ),
    "website_slow": (
        (
            "website nya lemot banget, tidak bisa dipakai",
            "buka web nya lama loading",
            "halaman web sering error 500",
            "website tidak bisa dibuka dari laptop",
        ),
        ("terpaksa pakai aplikasi", "tolong diperbaiki"),
    ),
    "search_bad": (
        (
            "hasil pencarian tidak relevan",
            "cari {product} yang keluar malah barang lain",
            "filter harga tidak berfungsi",
            "deskripsi produk tidak lengkap",
        ),
        ("susah nyari barang", "bikin capek scroll"),
    ),
    "search_good": (
        (
            "fitur pencarian nya akurat",
            "filter dan kategori nya memudahkan cari {product}",
            "foto dan deskripsi produk jelas",
        ),
        ("gampang nemu barang", "mantap"),
    ),
    "ads_annoying": (
        (
            "iklannya muncul terus di {social}, ganggu banget",
            "notifikasi promo spam terus tiap jam",
            "iklan di {social} harganya beda sama di aplikasi",
        ),
        ("jadi ilfeel", "tolong dikurangi"),
    ),
    "ads_discovery": (
        (
            "tahu dari iklan di {social}, ternyata barangnya bagus",
            "lihat review di {social} terus coba beli",
            "konten {social} nya menarik",
        ),
        ("tidak menyesal", "keren"),
    ),
    "billing_wrong": (
        (
            "tagihan paylater nya beda dengan total belanja",
            "invoice salah, ada biaya tambahan yang tidak jelas",
            "ditagih biaya admin {amount} tanpa pemberitahuan",
            "cicilan nya kepotong padahal sudah lunas",
        ),
        ("minta rincian tagihan belum dikirim", "tolong dicek"),
    ),
    "loyalty_points": (
        (
            "poin member tidak masuk setelah belanja",
            "koin cashback hangus padahal belum lama",
            "level member turun tanpa alasan",
            "poin reward tidak bisa ditukar",
        ),
        ("sudah {days}", "programnya tidak jelas"),
    ),
    "loyalty_good": (
        (
            "program member nya menguntungkan banget",
            "poin reward nya bisa buat potongan belanja",
            "cashback member lumayan banget",
        ),
        ("jadi betah belanja di sini", "mantap"),
    ),
    "store_good": (
        (
            "pelayanan di toko offline nya ramah",
            "karyawan di toko {city} membantu pilih {product}",
            "toko nya bersih dan nyaman, karyawan yang jaga juga sopan",
        ),
        ("puas", "bakal balik lagi"),
    ),
    "store_bad": (
        (
            "antri kasir di toko {city} lama banget",
            "stok di toko beda dengan di aplikasi",
            "pegawai toko nya jutek",
        ),
        ("kecewa", "tolong ditambah kasirnya"),
    ),
    "network_issue": (
        (
            "server down terus, tidak bisa login",
            "sering muncul network error padahal sinyal bagus",
            "koneksi ke server gagal terus",
            "aplikasi tidak bisa connect pas jam ramai",
        ),
        ("sudah ganti wifi tetap sama", "pas promo malah down"),
    ),
    "neutral_general": (
        (
            "biasa saja, tidak ada yang spesial",
            "lumayan lah, tidak mengecewakan",
            "overall oke, belum ada masalah",
            "standar lah, sudah sesuai harga",
            "pelayanan cukup",
            "sejauh ini aman",
            "ya begitulah, tidak jelek tidak bagus",
            "cukup memuaskan, tidak ada yang spesial",
        ),
        ("semoga makin baik", "oke lah", "no comment"),
    ),
    "feature_request": (
        (
            "tolong tambahin fitur COD",
            "tambahin dark mode dong",
            "semoga ada fitur bandingkan harga",
            "tolong tambahkan metode bayar pakai {pay}",
        ),
        ("biar makin mudah", "makasih"),
    ),
    "account_question": (
        (
            "mau tanya cara ganti alamat pengiriman",
            "bagaimana cara ganti nomor hp di akun",
            "lupa password, email reset tidak masuk",
            "mau hapus akun caranya gimana",
        ),
        ("mohon bantuannya", "terima kasih"),
    ),
}
"""Theme key → (main clauses, extra sentences)."""

OPENERS = {
    "nps_survey": ("", "", "", "jujur ", "overall ", "menurut saya ", "hmm "),
    "post_contact_survey": ("", "", "", "kemarin ", "tadi "),
    "app_reviews": ("", "", "", "min, ", "halo dev, ", "update: ", "review jujur: "),
    "support_tickets": (
        "halo, ",
        "selamat siang, ",
        "permisi kak, ",
        "halo min, ",
        "mohon bantuan, ",
        "",
        "pagi, ",
    ),
}
"""Optional opening words per source (empty strings make the opener optional)."""

CLOSERS = {
    "positive": (
        "mantap",
        "mantul",
        "recommended banget",
        "makasih ya",
        "sukses terus",
        "top",
        "puas banget",
        "the best",
        "love it",
    ),
    "neutral": ("oke", "semoga lebih baik", "lumayan", "makasih"),
    "negative": (
        "tolong diperbaiki",
        "kecewa banget",
        "kesal",
        "parah sih",
        "tidak lagi-lagi deh",
        "please fix asap",
        "bikin emosi",
        "ampun deh",
    ),
    "mixed": ("semoga diperbaiki", "overall oke lah", "tolong ditingkatkan"),
}
"""Closing words per sentiment."""

CONNECTORS = (" tapi ", ", tapi ", ", cuma ", ", sayangnya ", ". tapi ", ", namun ", " sedangkan ")
"""Joins the positive half of a mixed item to the negative half that follows it."""

CONNECTORS_NEG_FIRST = (" tapi ", ", tapi ", ", namun ", ". untungnya ", ", walaupun begitu ")
"""Joins a negative half to the positive half that follows it."""

CALL_PREFIX = ("Pelanggan menghubungi via telepon: ", "Cust telp, komplain: ", "Via call center - ")
"""Agent-written prefix of call-centre tickets."""

PII_SENTENCES = {
    "phone": ("hubungi saya di {phone}", "WA saya {phone}", "tolong telepon balik ke {phone}"),
    "email": ("email saya {email}", "kirim ke email {email} ya"),
    "nik": ("NIK saya {nik} kalau perlu verifikasi", "ini NIK saya {nik}"),
    "card": ("kartu yang kepotong {card}", "no kartu {card}"),
}
"""Sentences that plant personal data in a text."""

SLANG = {
    "tidak": ("gak", "ga", "nggak", "tdk", "gk", "enggak", "ngga"),
    "sudah": ("udah", "udh", "sdh", "dah"),
    "yang": ("yg",),
    "dengan": ("dgn",),
    "banget": ("bgt", "bngt", "bgtt"),
    "saya": ("aku", "sy", "gw", "gue"),
    "karena": ("krn", "karna"),
    "terima kasih": ("makasih", "makasi", "thx", "trims", "mksh"),
    "belum": ("blm", "blom"),
    "sampai": ("sampe", "smp"),
    "bagaimana": ("gimana", "gmn"),
    "untuk": ("buat", "utk"),
    "juga": ("jg",),
    "lagi": ("lg",),
    "kenapa": ("knp", "napa"),
    "tolong": ("tlg",),
    "kesal": ("kzl", "kesel"),
    "mantap": ("mantul", "mantab", "mantapp"),
    "cepat": ("cepet",),
    "saja": ("aja",),
    "sekali": ("bgt",),
    "tetap": ("ttp", "tetep"),
    "bisa": ("bs",),
    "pakai": ("pake",),
    "kalau": ("kalo", "klo"),
    "begitu": ("gitu",),
    "habis": ("abis",),
    "seperti": ("kayak", "kyk"),
    "kayak": ("kyk",),
    "memang": ("emang",),
    "cuma": ("cm", "cuman"),
}
"""Standard word → informal spellings, applied with a per-writer probability."""

ELONGATE = (
    "lama",
    "banget",
    "parah",
    "bagus",
    "mantap",
    "kecewa",
    "ramah",
    "cepat",
    "lemot",
    "kesal",
    "gagal",
    "bgt",
    "lamaa",
    "mahal",
)
"""Words a writer may stretch ("lamaaa bangettt")."""

FUNCTION_WORDS = frozenset(
    "yang yg dan di ke dari tidak gak ga nggak sudah udah udh belum saya aku nya banget bgt tapi sama "
    "untuk buat pas terus lagi juga aja saja kok sih deh".split()
)
"""Frequent Indonesian words, used to tell Indonesian texts from English ones in tests and checks."""
