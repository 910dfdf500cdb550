"""Bilingual stopwords for theme keywords: Indonesian (formal and slang) and English.

Slang forms are listed as written (``gak``, ``udah``, ``bgt``) because the keyword
vectoriser runs on normalised text that may still hold forms the slang table lacks.
"""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

INDONESIAN = frozenset(
    """
    ada adalah adanya agak agar akan akankah akhir aku akulah amat amatlah anda andalah antar antara apa
    apaan apabila apakah apalagi atas atau ataukah ataupun awal bagai bagaimana bagaimanakah bagi bagian
    bahkan bahwa bahwasanya baik bakal balik banyak bapak baru bawah beberapa begini beginilah begitu
    begitulah belum belumlah benar berapa berikut berkali bermacam bersama betul biasa biasanya bila
    bilamana bisa boleh bukan bukankah bukanlah buat cara cukup cuma dahulu dalam dan dapat dari daripada
    datang dekat demi demikian dengan depan di dia diri dirinya disini disitu dong dulu enggak entah gak
    ga gimana hal hampir hanya hanyalah harus haruslah hingga ia ialah ibu ikut ini inilah itu itulah jadi
    jangan jauh jika jikalau juga jumlah justru kalau kali kalian kami kamilah kamu kamulah kan kapan
    kapankah karena karenanya kata ke kebetulan kecil kemudian kenapa kepada kepadanya ketika khususnya
    kini kita kok lagi lagian lah lain lainnya lalu lama lanjut lebih lewat maka makanya makin malah
    malahan mampu mana manakala mari masa masih masing mau maupun melainkan memang memberi membuat
    meminta mengapa menjadi menurut merasa mereka merekalah mesti mungkin nah namun nanti nya oleh olehnya
    orang pada padahal paling para pasti patut per pernah persis pertama pula pun punya saat saja sajalah
    salah sama sambil sampai sana sangat sangatlah saya sayalah se sebab sebagai sebagaimana sebagian
    sebelum sebelumnya sebenarnya sebuah secara sedang sedangkan sedikit segala segera sehingga sejak
    sekali sekalian sekarang sekitar selain selalu selama seluruh semua sementara semua sendiri seorang
    seperti sepertinya serta sesuatu setelah setiap sih siapa siapakah sini situ suatu sudah sudahlah
    supaya tadi tadinya tak tanpa tapi tetapi tentang tentu terhadap terjadi terlalu termasuk tersebut
    tetap tiap tidak tidaklah toh untuk walau walaupun ya yaitu yakni yang
    aja ajah aj bgt banget bgd udah udh dah sdh gk gak ngga nggak ga tdk tp tapi trus terus jg jgn yg dgn
    dg utk buat krn karna sy gw gue gua lu lo elo loe kalo klo kl emg emang bener aja deh dong kok sih
    nih tuh yah ya yaa wkwk wkwkwk haha hehe hihi min kak gan sis bro pak bu mas mbak om tante
    nya ny pas lg lagi mulu melulu doang sm sama jd jadi td tadi blm belum bs bisa sampe sampai kayak kaya
    """.split()
)

ENGLISH_EXTRA = frozenset(
    """
    im ive dont didnt doesnt isnt wasnt cant wont its thats theres youre really just like got get gets
    getting also even still ok okay yes yeah pls please thanks thank lol
    arent couldnt hadnt hasnt havent id ill shouldnt theyre weve wouldnt youve lets
    rt amp quot gt lt via
    """.split()
)

FILLER = frozenset(
    """
    comment comments komen komentar review reviews ulasan feedback overall honestly honest tbh imo btw actually
    literally basically seriously definitely totally pretty quite bit lot lots kinda sorta maybe probably
    hope hopefully wish guys anyway thing things stuff etc oke okey okeh sip thx thanx ty
    semoga moga mudah mudahan harap harapan kasih makasih terimakasih trims tks mohon tolong jujur sejujurnya
    overall keseluruhan pokoknya intinya secara sejauh ini gitu gini begitu kayaknya kyknya sepertinya mungkin
    beneran bener emang memang sangat sekali agak cukup lumayan banget bgt pakai pake gan sist kakak kk
    sih deh dong loh lho kah yah nah wah aduh duh hmm eh
    star stars bintang
    came come comes coming make makes made keep keeps kept went going goes gave give gives take takes took
    want wants wanted need needs needed ask asked asking said say says told tell try tried trying know think
    feel felt look looks looked use used using seem seems happen happened let way today yesterday
    butuh coba bikin kasi dapet dapat lihat liat bilang nanya tanya pengen pengin ingin
    """.split()
)
"""Words that fill a comment but name no problem ("honestly", "semoga", "kasih"): never a theme's key phrase."""
STOPWORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) | ENGLISH_EXTRA | INDONESIAN | FILLER
"""Every stopword the theme vectoriser drops (lowercase)."""


def stopword_list() -> list[str]:
    """The stopwords as a sorted list (scikit-learn's ``CountVectorizer`` wants a list)."""
    return sorted(STOPWORDS)
