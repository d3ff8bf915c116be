"""What the chat, the side panel and the CLI show under an image: its #number, no rival number.

Ads captioned by earlier versions ("Variation 6 · …", "Live image of img_…") are shown
without the per-call number and with the #number in place of the internal id.
"""

from __future__ import annotations

from agent.numbering import ad_label
from tools.services import Services


def test_an_old_variation_caption_shows_only_the_gallery_number(services: Services) -> None:
    store = services.assets
    old = store.put(b"a", kind="ad_image", mime="image/png",
                    caption="Variation 6 · Beach · square").id
    assert ad_label(store.get(old), {old: 7}) == "#7 · Beach · square"


def test_a_live_image_is_labelled_by_its_ads_number_and_is_no_edit(services: Services) -> None:
    store = services.assets
    ad = store.put(b"a", kind="ad_image", mime="image/png", caption="Beach · square").id
    live = store.put(b"v", kind="live_image", mime="video/mp4", parents=[ad],
                     caption=f"Live image of {ad}").id
    assert ad_label(store.get(live), {ad: 3}) == "Live image of #3"
    assert ad not in ad_label(store.get(live), {})
