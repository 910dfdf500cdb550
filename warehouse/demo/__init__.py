"""The built-in bilingual demo data set: ``generate_demo`` writes realistic exports with planted stories.

Layout written under the output folder::

    suara.yaml                                   config listing the four sources below
    exports/nps/nps-responses-<end>.csv          NPS survey, `;`-separated, CRLF (score 0-10)
    exports/csat/post-contact-survey-<end>.jsonl CSAT 1-5 / CES 1-7 after a support contact
    exports/reviews/reviews-<yyyy-mm>.csv        app reviews 1-5 stars, monthly exports overlapping 3 days
    exports/tickets/tickets-<end>.parquet        support tickets (call_centre, chat, email, whatsapp)
    truth/truth.csv                              ground truth per item; never a source

Planted stories (``truth.csv`` column ``story``): ``payment_failure`` (checkout and payment, about ten
times its baseline rate in the last 14 days, NPS detractors), ``slow_delivery_medan`` (only customers in
Sumatera Utara, the ``region`` column), ``courier_praise`` (promoters). ``html_injection`` marks valid rows
whose text carries HTML; ``malformed`` names the reason ingestion should quarantine a row.
"""

from suara.warehouse.demo.generate import DEFAULT_END_DATE, generate_demo
from suara.warehouse.demo.items import DemoFiles

__all__ = ["DEFAULT_END_DATE", "DemoFiles", "generate_demo"]
