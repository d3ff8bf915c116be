"""What the chat, the side panel and the CLI show under an image: its #number, no rival number.

Ads captioned by earlier versions ("Variation 6 · …", "Live image of img_…") are shown
without the per-call number and with the #number in place of the internal id.
"""

from __future__ import annotations

from agent.numbering import ad_label, in_words
from core.schemas import (
    AnimateImageResult,
    GenerateVideoResult,
    Shot,
    Storyboard,
    StoryboardResult,
    VideoAsset,
)
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


def test_a_tool_summary_names_each_asset_once(services: Services) -> None:
    """Summaries said "storyboard the storyboard" for "storyboard ast_…" (issue 22)."""
    store = services.assets
    photo = store.put(b"p", kind="product_photo", mime="image/png").id
    board = store.put(b"{}", kind="storyboard", mime="application/json").id
    video = store.put(b"v", kind="video", mime="video/mp4").id
    live = store.put(b"v", kind="live_image", mime="video/mp4").id
    shot = Shot(kind="hero", seconds=6, text="Meet the tote")
    storyboard = Storyboard(title="Tote", product_image=photo, size="1280x720", theme="studio",
                            headline="Carry more.", cta="Shop now", shots=[shot])
    clip = VideoAsset(asset_id=video, width=1280, height=720, seconds=6, fps=30)
    loop = VideoAsset(asset_id=live, width=1080, height=1080, seconds=4, fps=24)
    summaries = [
        StoryboardResult(storyboard_id=board, storyboard=storyboard).summary(),
        GenerateVideoResult(storyboard_id=board, job_id="job_1").summary(),
        GenerateVideoResult(storyboard_id=board, video=clip).summary(),
        AnimateImageResult(parent_id=photo, video=loop).summary(),
    ]
    shown = [in_words(s, {}, store) for s in summaries]
    for line in shown:
        for noun in ("storyboard", "video", "live image", "photo"):
            assert f"{noun} the {noun}" not in line and f"{noun} your {noun}" not in line, line
    assert shown[0].startswith("the storyboard (6 s")
    assert shown[1] == "video job job_1 started for the storyboard"
    assert shown[2].startswith("the video: 6 s")
    assert shown[3].startswith("the live image from your photo")


def test_an_article_before_the_kind_is_not_said_twice(services: Services) -> None:
    """A kind after 'the' read 'the the video'; 'from the photo img_…' 'from the your photo'."""
    store = services.assets
    photo = store.put(b"p", kind="product_photo", mime="image/png").id
    video = store.put(b"v", kind="video", mime="video/mp4").id
    assert in_words(f"made the video {video}", {}, store) == "made the video"
    assert in_words(f"cut from the photo {photo}", {}, store) == "cut from your photo"
    assert in_words(f"a clip from {photo}", {}, store) == "a clip from your photo"
