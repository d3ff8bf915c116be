"""The cutout's ground truth: product photos whose true mask is known, split fifteen ways.

Two sources, both deterministic:

- real product PNGs with alpha (``tests/data/photos``, Solidus, BSD-3-Clause) composited on
  paper (white, off-white; for ``fresh`` also light grey, warm beige and a graded sweep)
  with a soft synthetic floor, drop or contact shadow, a faint paper texture and JPEG
  compression, some scaled down or up, as e-commerce photos arrive;
- drawn photos of the hard kinds: white apparel on white, totes with a gap under the
  handles (coloured, and white on white), a white logo on a coloured product, glass, and
  a product held in a hand; for ``fresh`` also :mod:`benchmarks.cutout_drawings`, for
  ``unseen`` :mod:`benchmarks.cutout_drawings_unseen`, and for ``tune`` new shapes of the
  failure classes those showed (:mod:`benchmarks.cutout_drawings_tune`).

Every case knows its product mask, the shadow it was given (what a cutout must leave
behind) and its enclosed background holes (handle gaps: background, not product). The
split is fixed here, before any rule is tuned: tune on ``tune``, report on ``held_out``.
``fresh`` was added after the cutout rules were written and never looked at while tuning;
it has since been seen while tuning. ``unseen`` was drawn after those rules too (white and
cream apparel, handle gaps on paper of their own colour, a white label, long side and strong
contact shadows, a leg gap, a hand from the bottom edge, clear glass, a small product at
2000 px); it was opened for tuning once ``unseen2`` existed (its leg gap taught a rule).
``unseen2`` (:mod:`benchmarks.cutout_drawings_unseen2`) was drawn after every split above had
been tuned on, by someone who never read the cutout's code: twelve products drawn to look
like e-commerce photos (a white hoodie with drawstrings, a grey backpack's top loop, a clear
water bottle, shorts with a leg gap, headphones with a gap under the band, a cream vase's
handle, folded white towels at 2400 px, strapped sandals, a wicker basket's handles, a hand
from the left edge, a steel bracelet loop at 700 px, a light-blue onesie on blue-grey paper)
on white, off-white, grey, beige, pale pink, pale blue and blue-grey paper. It was
scored once, for its report, and then opened for tuning.
``unseen3`` (:mod:`benchmarks.cutout_drawings_unseen3`) was drawn blind after ``unseen2`` was
opened for tuning, by someone who never read the cutout's code nor ran it on the drawings:
twelve new products (a white teapot's handle loop, a white linen shirt with an arm bent back
to the hem, orange scissors' finger holes, a key ring small at 2400 px, a black wire chair's
open back and hoop, a frosted glass candle holder, a tube held by a hand from the top edge, a
mustard scarf running off the bottom, grey felt slippers on warm-grey paper, tortoiseshell
sunglasses' thin temples at 600 px, a desk lamp's twin-rod arms, a clear phone case with a
camera cut-out) on white, off-white, grey, beige, pale green, pale pink, pale blue,
blue-grey and warm-grey paper. It has since been opened for tuning.
``unseen4`` (:mod:`benchmarks.cutout_drawings_unseen4`) was drawn blind after ``unseen3`` was
opened for tuning, by someone who never read the cutout's code nor ran it on the drawings:
twelve new products (a white ceramic jug's handle loop, a pair of white sneakers with a long
side shadow, an ecru cardigan with both sleeves folded forward at 2400 px, a cream handbag's
ring handle in the ivory paper's own colour, an off-white mug's loop on off-white at 560 px, a
steel whisk's wires, thin gold hoop earrings, a bicycle bell's clamp ring, a glass carafe of
water, a clear storage box, a perfume bottle held by a hand from the bottom-right corner, an
emerald slip dress's thin straps with its skirt off the bottom) on white, off-white, grey,
beige, ivory, pale blue, pale pink, pale green, blue-grey and gradient paper. It was scored
once, on first sight (mean IoU 0.847, worst 0.113: the network fills in the hoops and the
whisk's wires, paper of exactly the paper's colour and a white mug's body look alike to every
rule here); it was then opened to tune the confidence, which now reports such a fill (a
hoop's inside, paper-exact and enclosed) as doubtful; no mask rule has been tuned on it.
``unseen5`` (:mod:`benchmarks.cutout_drawings_unseen5`) was drawn blind after ``unseen4`` was
opened, by someone who never read the cutout's code nor ran it on the drawings: fourteen new
products, nine of them enclosing the backdrop (a steel key ring's ring, key holes and leather
fob loop, black kitchen scissors' finger holes, white headphones' band gap, a cast-iron
trivet's lattice, a donut teether's hole at 500 px, a gold chain laid in a loop, a walnut
hanger's gap above its trouser bar at 2400 px, a sage cup's handle on sage paper, a rust
scarf laid flat in a loop) and five enclosing none (a white bowl on white, a cream beanie on
cream, a white pump bottle, a navy cap's white logo patch, a lipstick held by a hand from the
left edge) on white, off-white, grey, beige, pale pink, pale blue, pale green, lilac, sage,
cream, warm-grey and gradient paper. Scored once on first sight (mean IoU 0.769, worst 0.082:
the chain's loop, the key ring, the headphones' band, the trivet's lattice and the hanger's
gap filled in, the hanger's hook lost; one of those five reported doubtful, two with the
confidence's paper-inside measure, which was tuned on the other splits). It was opened
in session 18, when ``unseen6`` was drawn: enclosed paper larger than a quarter of the
product and as flat as the paper is now cut out, with the pale rim its band leaves (mean
IoU 0.907, worst 0.509).
``unseen6`` (:mod:`benchmarks.cutout_drawings_unseen6`) was drawn blind after ``unseen5`` was
opened, by someone who never read the cutout's code nor ran it on the drawings: fourteen new
products, six of them enclosing the backdrop with gaps from a string grid's cells to most of
the product's box (a polished silver bangle at 700 px, an orange carabiner's steel gate, a
badminton racket's sparse string grid at 2400 px, a birch embroidery hoop on birch paper, a
black bike U-lock's shackle with a long side shadow, a white charging cable in a loose coil
on a gradient), three see-through and all product (an empty wine glass, an empty glass jar
with a wooden lid, an amber fluted tumbler) and five enclosing none (a white planter with a
succulent on white, a white earbud case in a hand from the right edge, a mustard sweatshirt
laid flat with a white print, a brown leather wallet with a strong soft drop shadow, a pink
nail polish at 500 px) on white, off-white, grey, beige, ivory, birch, pale pink, pale blue,
pale green, lilac, warm-grey, blue-grey and gradient paper. Scored once on first sight
(mean IoU 0.793, worst 0.266: the bangle's, the hoop's, the racket's and the cable's gaps
filled in; none of the six below 0.93 reported doubtful). It was then looked at to see why
the flat-paper rule tuned on ``unseen5`` missed the bangle and the hoop (their walls are
thick), and that rule was widened (mean IoU 0.864); so it is no longer blind either.
``unseen7`` (:mod:`benchmarks.cutout_drawings_unseen7`) was drawn blind in session 20, after
``unseen6`` was opened, by someone who never read the cutout's code nor ran it on the
drawings: fourteen new products, six of them enclosing the backdrop through thin walls or
grids (a chrome cooling rack's wire grid at 2400 px, a black wire basket's diamond mesh and
side handles, a bicycle wheel's spokes with a long side shadow, a rattan placemat's rings of
open holes at 800 px, a red colander's many small holes, a white wire coat hanger at 770 px
on a gradient), four enclosing none though large parts of them are exactly the paper's
colour (a black wall clock's white dial, a black picture frame's white mat and print, a
graphite phone's white screen, a navy tote's white printed panel with its handles folded
down) and four enclosing none for other reasons (a sunscreen tube in a hand from the left
edge, a glossy black vase with a strong softbox reflection, a fluffy cream teddy bear on
cream paper, an amber dropper bottle at 500 px) on white, off-white, grey, beige, cream,
lilac, pale pink, pale blue, pale green, warm-grey and gradient paper. Scored once on first
sight, with the lattice rule written on ``unseen5`` before it was drawn (mean IoU 0.589,
worst 0.138, 10 of 14 below 0.93 and none of them reported doubtful; the same without that
rule): every grid's holes filled in, and the four paper-white faces cut out as loops by the
flat-paper rule. It was then opened: a large flat loop now goes only with the band's shadow
in it, a mesh of many clean holes goes, and paper-exact regions kept inside are reported
(mean IoU 0.860, worst 0.318; the wheel's spokes, the white hanger and the chrome rack's
edges are left).
``unseen8`` (:mod:`benchmarks.cutout_drawings_unseen8`) was drawn blind in session 23, after
``unseen7`` was opened, by someone who never read the cutout's code nor ran it on the
drawings: fourteen new products, mostly what shop owners upload. Six ordinary ones (a teal
ceramic pot with a snake plant, a navy running sneaker with a side shadow, a pink skincare jar
at 560 px, a tan leather backpack's top handle loop at 2400 px, a cream enamel kettle's handle
arching over its lid, a green cable-knit sweater folded on a gradient), four hard for known
reasons (a clear glass bottle of olive oil on white, a matcha tin in a hand from the bottom
edge, a white candle jar on off-white with a long soft side shadow, a cognac crossbody bag's
thin strap standing in a loop) and four thin or see-through (a flat wire whisk's nested
loops, a coiled blue bicycle lock cable, thin gold aviator sunglasses with tinted lenses, white
wired earphones with a loop in the cable) on white, off-white, grey, beige, cream, lilac, pale
pink, pale blue, pale green, warm-grey, blue-grey and gradient paper. First sight (session 22's
cutout, scored once): mean IoU 0.841, worst 0.308; below 0.93 the earphone loop (0.308), the
lock cable (0.408), the whisk (0.461), the oil bottle (0.808) and the 560 px jar, its shadow
kept (0.863); 3 of those 5 reported doubtful, 1 of the other 9 doubted.
``unseen9`` (:mod:`benchmarks.cutout_drawings_unseen9`) was drawn blind in session 24, after
``unseen8`` was scored, by someone who never read the cutout's code nor ran it on the
drawings: fifteen new products, mostly what shop owners upload. Seven ordinary ones (a red
lipstick in a gold tube at 630 px, a rose perfume's thick glass and silver cap at 2200 px, an
indigo stoneware bowl at 600 px, a kraft coffee bag with a bean window, a mint hand cream tube
lying down at 2090 px, a washed olive baseball cap, an olive-wood cutting board's handle hole
at 2080 px), four hard for known reasons (a white canvas high-top on white, an empty clear
glass tumbler, a black Chelsea boot's pull tab on dark grey paper, a rolled yoga mat running
off the left and bottom edges) and four thin or see-through (a chrome wire dish rack's grid
and plate tines, a steel fork's tines at 650 px, a fine silver chain laid in a loop, a tennis
racket's string bed and open throat) on white, off-white, grey, dark grey, beige, cream,
lilac, pale pink, pale blue, pale green, warm-grey and gradient paper, some with a crisp
``hard`` sun shadow, drawn for it.
``unseen10`` (:mod:`benchmarks.cutout_drawings_unseen10`) was drawn blind in session 25, after
``unseen9`` was scored, by someone who never read the cutout's code nor ran it on the
drawings: fifteen new products, mostly what shop owners upload. Eight ordinary ones (a
wristwatch's leather strap buckled in a loop, a speckled bud vase at 600 px, a board game box
at 2200 px, a pair of tan lace-up boots, a brushed steel toaster with a long side shadow, a
lavender soap bar in a kraft band at 675 px, a cast-iron skillet's handle hole at 2240 px, a
plush grey bunny's long ears), four hard for known reasons (a white linen cushion on white, a
clear glass jar of amber honey, a black camera on charcoal paper, a rolled jute rug running off
the right and bottom edges) and three thin ones (a black wire hook rail, wooden chopsticks on a
rest at 660 px, a round chrome grill grate's bars) on white, off-white, grey, charcoal, beige,
cream, lilac, pale pink, pale blue, pale green, warm-grey, blue-grey and gradient paper.
``unseen11`` (:mod:`benchmarks.cutout_drawings_unseen11`) was drawn blind in session 26, after
``unseen10`` was drawn, by someone who never read the cutout's code nor ran it on the
drawings: sixteen new products, mostly what shop owners upload. Eight ordinary ones (a brown
leather belt coiled round a small hole, a terracotta planter on its saucer at 560 px, a boxed
perfume gift set at 2200 px, coral running shorts laid flat, a blender's clear glass jug with a
handle loop and a long side shadow, a straw sun hat at 650 px, a wooden toy car with a window
cut through at 1900 px, a tan baseball glove), five hard for known reasons (white terry towels
folded on white, a frosted glass bottle, black over-ear headphones on near-black paper, a jar
of face cream in a hand from the bottom-left corner, a round mirror in a thin brass frame
reflecting the paper) and three thin ones (a lock chain's open links and padlock shackle, steel
kitchen tongs' hanging ring at 660 px, an acoustic guitar's strings over its sound hole) on
white, off-white, grey, near-black, beige, cream, pale pink, pale blue, pale green, warm-grey,
blue-grey and gradient paper.
``unseen12`` (:mod:`benchmarks.cutout_drawings_unseen12`) was drawn blind in session 28, after
``unseen11`` was drawn, by someone who never read the cutout's code nor ran it on the
drawings; never tuned on: fifteen new products. Five ordinary ones with a twist (a white bike
helmet with dark vents and a chin strap's V on off-white paper at 2200 px, a beech rolling pin
on beige paper at 2400 px, a woven bread basket at 550 px, a black kettlebell's handle hole
with a long dark side shadow, a red dog harness whose straps enclose three gaps), five hard for
known reasons (a white pillow on white, a cream open-weave knitted throw on ivory whose eyelets
show the paper, an olive backpack held by its top loop in a hand from the top edge, a closed
black umbrella running off the bottom edge with a dark contact shadow, a glass teapot of amber
tea with a glass handle loop) and five thin or see-through (folded gold reading glasses at
630 px, a black wire egg basket of brown eggs, a landing net's fine mesh, a cream macramé plant
hanger's knotted cords on cream, a phone on a thin-legged tripod at 650 px) on white,
off-white, grey, beige, ivory, cream, sage, lilac, pale pink, pale blue, pale green,
warm-grey, blue-grey and gradient paper.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

import cv2
import numpy as np
from PIL import Image

from benchmarks.cutout_drawings import (
    amber_glass_bottle,
    black_handbag,
    cropped_chinos,
    cropped_jeans,
    cropped_sweatpants,
    green_mug,
    hand_from_right,
    white_sneaker,
)
from benchmarks.cutout_drawings_tune import (
    cream_shopper,
    mottled_shorts,
    rust_trousers,
    strap_bag,
    walnut_stool,
    white_flask,
)
from benchmarks.cutout_drawings_unseen import (
    beige_bag,
    black_derby,
    canvas_tote,
    coral_runner,
    cream_sweater,
    held_can,
    lemonade_glass,
    light_jeans,
    navy_bottle,
    small_jar,
    white_polo,
)
from benchmarks.cutout_drawings_unseen2 import (
    black_headphones,
    blue_onesie,
    clear_bottle,
    cream_vase,
    grey_backpack,
    held_serum,
    khaki_shorts,
    scaled,
    steel_watch,
    tan_sandals,
    white_hoodie,
    white_towels,
    wicker_basket,
)
from benchmarks.cutout_drawings_unseen3 import (
    brass_keyring,
    clear_phone_case,
    desk_lamp,
    felt_slippers,
    frosted_candle_holder,
    held_tube,
    linen_shirt,
    mustard_scarf,
    orange_scissors,
    tortoise_sunglasses,
    white_teapot,
    wire_chair,
)
from benchmarks.cutout_drawings_unseen4 import (
    IVORY,
    bicycle_bell,
    clear_storage_box,
    ecru_cardigan,
    glass_carafe,
    held_perfume,
    hoop_earrings,
    ring_handbag,
    slip_dress,
    steel_whisk,
    white_jug,
    white_mug,
    white_sneakers,
)
from benchmarks.cutout_drawings_unseen5 import (
    CREAM,
    LILAC,
    SAGE,
    cream_beanie,
    donut_teether,
    gold_chain,
    held_lipstick,
    iron_trivet,
    kitchen_scissors,
    navy_cap,
    rust_scarf,
    sage_cup,
    steel_keyring,
    walnut_hanger,
    white_bowl,
    white_headphones,
    white_pump_bottle,
)
from benchmarks.cutout_drawings_unseen6 import (
    BIRCH,
    amber_tumbler,
    badminton_racket,
    bike_u_lock,
    cable_coil,
    embroidery_hoop,
    glass_jar,
    held_earbuds,
    leather_wallet,
    mustard_sweatshirt,
    nail_polish,
    orange_carabiner,
    silver_bangle,
    white_planter,
    wine_glass,
)
from benchmarks.cutout_drawings_unseen7 import (
    bicycle_wheel,
    coat_hanger,
    cooling_rack,
    dropper_bottle,
    glossy_vase,
    held_sunscreen,
    navy_tote,
    phone_white_screen,
    picture_frame,
    rattan_placemat,
    red_colander,
    teddy_bear,
    wall_clock,
    wire_basket,
)
from benchmarks.cutout_drawings_unseen8 import (
    aviator_sunglasses,
    candle_jar,
    ceramic_pot,
    crossbody_bag,
    enamel_kettle,
    flat_whisk,
    folded_sweater,
    held_tin,
    leather_backpack,
    lock_cable,
    oil_bottle,
    running_sneaker,
    skincare_jar,
    wired_earphones,
)
from benchmarks.cutout_drawings_unseen9 import (
    DARK_GREY,
    baseball_cap,
    ceramic_bowl,
    chain_necklace,
    chelsea_boot,
    coffee_bag,
    cutting_board,
    dish_rack,
    fork,
    glass_tumbler,
    hand_cream,
    lipstick,
    perfume_bottle,
    scaled_glass,
    tennis_racket,
    white_hightop,
    yoga_mat,
)
from benchmarks.cutout_drawings_unseen10 import (
    CHARCOAL,
    black_camera,
    board_game,
    bud_vase,
    chopsticks,
    grill_grate,
    honey_jar,
    hook_rail,
    leather_boots,
    linen_cushion,
    plush_bunny,
    rolled_rug,
    skillet,
    soap_bar,
    toaster,
    wristwatch,
)
from benchmarks.cutout_drawings_unseen11 import (
    NEAR_BLACK,
    acoustic_guitar,
    baseball_glove,
    blender,
    coiled_belt,
    folded_towel,
    frosted_bottle,
    held_face_cream,
    kitchen_tongs,
    lock_chain,
    over_ear_headphones,
    perfume_giftset,
    running_shorts,
    saucer_planter,
    straw_hat,
    toy_car,
    wall_mirror,
)
from benchmarks.cutout_drawings_unseen12 import (
    bike_helmet,
    black_umbrella,
    bread_basket,
    dog_harness,
    egg_basket,
    glass_teapot,
    held_backpack,
    kettlebell,
    knit_throw,
    landing_net,
    macrame_hanger,
    phone_tripod,
    reading_glasses,
    rolling_pin,
    white_pillow,
)
from evals.recipes import glass_on_white, hand_holding_product, white_mug_on_white
from tests.paths import PHOTOS

Split = Literal["tune", "held_out", "fresh", "unseen", "unseen2", "unseen3", "unseen4",
                "unseen5", "unseen6", "unseen7", "unseen8", "unseen9", "unseen10",
                "unseen11", "unseen12"]
WHITE = (250, 250, 249)
OFF_WHITE = (241, 239, 235)
GREY = (228, 229, 231)
BEIGE = (236, 226, 210)
SWEEP = (238, 238, 240)  # a paper sweep lit from above: light at the top, grey at the bottom
PAPERS = {WHITE: "white", OFF_WHITE: "off-white", GREY: "grey", BEIGE: "beige",
          SWEEP: "gradient", IVORY: "ivory"}
RAMPS = {SWEEP: (12.0, -24.0)}  # brightness added at the top and bottom; others (2, -3)


@dataclass(frozen=True)
class Case:
    """One photo with its truth.

    Attributes:
        name: ``source/background`` label.
        split: ``tune`` (rules may be fitted on it), ``held_out`` (reported, never tuned),
            ``fresh`` (added after the rules were written, since seen while tuning),
            ``unseen`` (drawn after the rules, since tuned on), ``unseen2`` (drawn after
            all of those were tuned on, since opened for tuning), ``unseen3`` (drawn
            blind after that, since opened for tuning), ``unseen4`` (drawn blind after
            that, opened to tune the confidence), ``unseen5`` (drawn blind after
            ``unseen4`` was opened, scored on first sight, since opened), ``unseen6``
            (drawn blind after ``unseen5`` was opened, scored on first sight, since
            opened), ``unseen7`` (drawn blind in session 20 after ``unseen6`` was
            opened, scored on first sight, since opened), ``unseen8`` (drawn blind in
            session 23 after ``unseen7`` was opened), ``unseen9`` (drawn blind in
            session 24 after ``unseen8`` was scored), ``unseen10`` (drawn blind in
            session 25 after ``unseen9`` was scored), ``unseen11`` (drawn blind in
            session 26) or ``unseen12`` (drawn blind in session 28, never tuned on).
        kind: What makes it hard (``white on white``, ``handle gap``, ...).
        photo: The RGB photo as uploaded.
        mask: True where the product is.
        shadow: True where the photo's shadow darkens the background (never product).
    """

    name: str
    split: Split
    kind: str
    photo: Image.Image
    mask: np.ndarray
    shadow: np.ndarray


def _jpeg(rgb: np.ndarray, quality: int) -> Image.Image:
    buf = io.BytesIO()
    Image.fromarray(np.clip(rgb + 0.5, 0, 255).astype(np.uint8)).save(buf, "JPEG",
                                                                       quality=quality)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def _paper(shape: tuple[int, int], color: tuple[int, int, int], seed: int) -> np.ndarray:
    """A studio backdrop: the colour, a gentle vertical fall-off and fine grain."""
    h, w = shape
    rng = np.random.default_rng(seed)
    top, bottom = RAMPS.get(color, (2.0, -3.0))
    ramp = np.linspace(top, bottom, h, dtype=np.float32)[:, None, None]
    grain = rng.normal(0.0, 1.2, (h, w, 1)).astype(np.float32)
    return np.asarray(color, np.float32) + ramp + grain


def _shadow(alpha: np.ndarray, style: str, strength: float) -> np.ndarray:
    """Darkening 0..strength of the product's shadow, in one of five styles.

    ``floor``: a soft ellipse under the product. ``drop``: a studio drop shadow. ``hard``:
    direct sun, the silhouette cast down-right with a crisp edge. ``contact``: a dark narrow
    line right under where the product stands, and a long soft shadow cast behind it.
    ``side``: a low light from the left; the shadow lies on the floor to the right, long,
    fading and softening with distance.
    """
    h, w = alpha.shape
    solid = (alpha > 0.5).astype(np.float32)
    if style == "drop":  # a studio drop shadow: the silhouette, offset down-right, blurred
        moved = cv2.warpAffine(solid, np.array([[1, 0, w * 0.012], [0, 1, h * 0.018]], np.float32),
                               (w, h))
        return cv2.GaussianBlur(moved, (0, 0), max(h, w) * 0.012) * strength
    if style == "hard":  # direct sun: the silhouette cast down-right, crisp at its edge
        moved = cv2.warpAffine(solid, np.array([[1, 0, w * 0.014], [0, 1, h * 0.02]], np.float32),
                               (w, h))
        return cv2.GaussianBlur(moved, (0, 0), max(1.0, max(h, w) * 0.0015)) * strength
    if style == "contact":
        line = _floor(solid, (0.025, 3), (0.01, 2.0), foot=0.03)
        return np.maximum(line, _cast(solid) * 0.4) * strength
    if style == "side":
        line = _floor(solid, (0.02, 3), (0.01, 2.0), foot=0.05)
        return np.maximum(line * 0.8, _lying(solid)) * strength
    return _floor(solid, (0.07, 6), (0.05, 8.0)) * strength


def _floor(
    solid: np.ndarray, height: tuple[float, int], blur: tuple[float, float], foot: float = 1.0,
) -> np.ndarray:
    """A blurred ellipse on the product's base line, as wide as its lowest ``foot`` share.

    ``height`` (the ellipse's half height) and ``blur`` (its sigma) are each a share of that
    width with a floor in pixels.
    """
    rows = np.flatnonzero(solid.any(axis=1))
    base = rows[-1]
    cols = np.flatnonzero(solid[base - int((base - rows[0]) * foot):base + 1].any(axis=0))
    left, right = cols[0], cols[-1]
    floor = np.zeros_like(solid)
    half_h = max(height[1], int((right - left) * height[0]))
    cv2.ellipse(floor, ((left + right) // 2, int(base)), ((right - left) // 2, half_h), 0, 0,
                360, 1.0, -1)
    return cv2.GaussianBlur(floor, (0, 0), max(blur[1], (right - left) * blur[0]))


def _cast(solid: np.ndarray) -> np.ndarray:
    """A long soft shadow lying behind the product: its silhouette sheared up-right, blurred."""
    h, w = solid.shape
    base = float(np.flatnonzero(solid.any(axis=1))[-1])
    shear = np.array([[1, -0.6, 0.6 * base], [0, 0.4, 0.6 * base]], np.float32)
    return cv2.GaussianBlur(cv2.warpAffine(solid, shear, (w, h)), (0, 0), max(h, w) * 0.02)


def _lying(solid: np.ndarray) -> np.ndarray:
    """A long shadow on the floor to the right: the silhouette laid down, fading with distance."""
    h, w = solid.shape
    rows = np.flatnonzero(solid.any(axis=1))
    cols = np.flatnonzero(solid.any(axis=0))
    base = float(rows[-1])
    laid = np.array([[1, -2.2, 2.2 * base], [0, 0.22, 0.78 * base]], np.float32)
    shadow = cv2.GaussianBlur(cv2.warpAffine(solid, laid, (w, h)), (0, 0), max(h, w) * 0.012)
    reach = cols[-1] + 2.2 * (base - rows[0])
    x = np.arange(w, dtype=np.float32)
    centre = (cols[0] + cols[-1]) / 2
    fade = np.clip(1 - 0.75 * (x - centre) / (reach - centre), 0.25, 1)
    return shadow * fade[None, :]


def _composite(
    rgba: np.ndarray, color: tuple[int, int, int], style: str, strength: float, seed: int,
    quality: int = 88, solid: np.ndarray | None = None,
) -> tuple[Image.Image, np.ndarray, np.ndarray]:
    """``rgba`` on paper with its shadow; returns the photo, product mask, shadow mask.

    ``solid`` is the product's coverage when its alpha does not show all of it (glass).
    """
    alpha = rgba[..., 3].astype(np.float32) / 255.0
    body = alpha if solid is None else solid
    paper = _paper(alpha.shape, color, seed)
    dark = _shadow(body, style, strength)
    paper = paper * (1.0 - dark[..., None])
    rgb = paper * (1 - alpha[..., None]) + rgba[..., :3].astype(np.float32) * alpha[..., None]
    mask = body >= 0.5
    return _jpeg(rgb, quality), mask, (dark > 0.03) & ~mask


def _photo_case(
    file: str, color: tuple[int, int, int], style: str, split: Split, kind: str, seed: int,
    strength: float = 0.22, quality: int = 88, side: int = 0,
) -> Case:
    """A real alpha PNG on paper; ``side``, when given, rescales its long side first."""
    image = Image.open(PHOTOS / file).convert("RGBA")
    if side:
        scale = side / max(image.size)
        size = (round(image.width * scale), round(image.height * scale))
        image = image.resize(size, Image.Resampling.LANCZOS)
    photo, mask, shadow = _composite(np.asarray(image), color, style, strength, seed, quality)
    name = f"{file.split('.')[0]}/{PAPERS[color]}/{style}" + (f"@{side}" if side else "")
    return Case(name, split, kind, photo, mask, shadow)


def _fill(shape: tuple[int, int], draw: Callable[[np.ndarray], object], ss: int = 4) -> np.ndarray:
    """Anti-aliased coverage 0..1 of shapes drawn by ``draw`` on a 4x supersampled canvas."""
    h, w = shape
    big = np.zeros((h * ss, w * ss), np.float32)
    draw(big)
    return cv2.resize(big, (w, h), interpolation=cv2.INTER_AREA)


def _tee(seed: int) -> np.ndarray:
    """A white crew-neck tee, flat-lay, with soft fabric folds (RGBA, 900x1000)."""
    h, w, ss = 1000, 900, 4
    body = [(250, 200), (360, 160), (450, 190), (540, 160), (650, 200), (820, 330),
            (740, 430), (660, 380), (670, 880), (230, 880), (240, 380), (160, 430),
            (80, 330)]

    def shirt(canvas: np.ndarray) -> None:
        cv2.fillPoly(canvas, [np.array([(x * ss, y * ss) for x, y in body], np.int32)], 1.0)
        cv2.ellipse(canvas, (450 * ss, 180 * ss), (70 * ss, 40 * ss), 0, 0, 180, 0.0, -1)

    alpha = _fill((h, w), shirt)
    rng = np.random.default_rng(seed)
    folds = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 28) * 90
    shade = 247.0 - np.clip(np.abs(folds), 0, 12)
    rgb = np.repeat(shade[..., None], 3, axis=2)
    return np.dstack([rgb, alpha * 255]).astype(np.float32)


def _tote(
    body_rgb: tuple[int, int, int], logo: bool, ink: tuple[int, int, int] = (248, 248, 248),
) -> np.ndarray:
    """A tote with two handles whose gap shows the backdrop; optionally a logo (white ink)."""
    h, w, ss = 1000, 900, 4

    def bag(canvas: np.ndarray) -> None:
        cv2.rectangle(canvas, (180 * ss, 380 * ss), (720 * ss, 920 * ss), 1.0, -1)
        for cx in (340, 560):
            cv2.ellipse(canvas, (cx * ss, 380 * ss), (95 * ss, 230 * ss), 0, 180, 360, 1.0,
                        26 * ss)

    alpha = _fill((h, w), bag)
    rgb = np.empty((h, w, 3), np.float32)
    rgb[:] = body_rgb
    shade = np.linspace(1.0, 0.9, w, dtype=np.float32)[None, :, None]
    rgb = rgb * shade
    if logo:
        mark = _fill((h, w), lambda c: cv2.circle(c, (450 * 4, 640 * 4), 110 * 4, 1.0, 26 * 4))
        rgb = rgb * (1 - mark[..., None]) + np.array(ink, np.float32) * mark[..., None]
    return np.dstack([rgb, alpha * 255]).astype(np.float32)


def _drawn_case(
    name: str, rgba: np.ndarray, color: tuple[int, int, int], style: str, split: Split,
    kind: str, seed: int, strength: float = 0.18, quality: int = 88,
    solid: np.ndarray | None = None,
) -> Case:
    photo, mask, shadow = _composite(rgba, color, style, strength, seed, quality, solid)
    return Case(name, split, kind, photo, mask, shadow)


def _recipe_case(
    name: str, drawing: Callable[[int], tuple[Image.Image, np.ndarray]], split: Split,
    kind: str, seed: int,
) -> Case:
    photo, mask = drawing(seed)
    return Case(name, split, kind, photo.convert("RGB"), mask, np.zeros_like(mask))


@functools.cache
def split_cases(split: Split) -> tuple[Case, ...]:
    """The cases of one split (built once per process and split; do not modify)."""
    return tuple(_BUILDERS[split]())


def cases() -> tuple[Case, ...]:
    """Every case of every split, in split order (each split built once per process)."""
    return tuple(case for split in get_args(Split) for case in split_cases(split))


def _tune() -> list[Case]:
    """The first tune cases, then those drawn for issue 18's failure classes."""
    return [
        _photo_case("cap_gray.png", WHITE, "floor", "tune", "photo", 1),
        _photo_case("tote_red.png", OFF_WHITE, "floor", "tune", "handle gap", 2),
        _photo_case("hoodie_black.png", WHITE, "drop", "tune", "drop shadow", 3),
        _drawn_case("tee/white", _tee(0), WHITE, "drop", "tune", "white on white", 4),
        _drawn_case("tote/red", _tote((196, 38, 44), False), WHITE, "floor", "tune",
                    "handle gap", 5),
        _recipe_case("glass/drawn", glass_on_white, "tune", "glass", 0),
        _drawn_case("chinos/olive-cropped", cropped_chinos(6), OFF_WHITE, "drop", "tune",
                    "gap cut by the frame", 6, strength=0.22),
        _drawn_case("sweatpants/red-cropped", cropped_sweatpants(7), WHITE, "contact", "tune",
                    "gap cut by the frame", 7, strength=0.35),
        *_tune_added(),
    ]


def _held_out() -> list[Case]:
    """The cases reported since the rules were first written, never tuned on."""
    return [
        _photo_case("bottles_pair.png", WHITE, "floor", "held_out", "photo", 11),
        _photo_case("bottles_pair.png", OFF_WHITE, "drop", "held_out", "drop shadow", 12),
        _photo_case("cap_gray.png", OFF_WHITE, "drop", "held_out", "drop shadow", 13),
        _photo_case("hoodie_black.png", OFF_WHITE, "floor", "held_out", "photo", 14),
        _photo_case("tote_red.png", WHITE, "drop", "held_out", "handle gap", 15),
        _drawn_case("tee/white-offwhite", _tee(1), OFF_WHITE, "floor", "held_out",
                    "white on white", 16),
        _drawn_case("tote/white", _tote((244, 242, 236), False), WHITE, "floor", "held_out",
                    "white on white, handle gap", 17),
        _drawn_case("tote/blue-white-logo", _tote((28, 84, 160), True), OFF_WHITE, "drop",
                    "held_out", "white logo", 18),
        _recipe_case("mug/white", white_mug_on_white, "held_out", "white on white", 1),
        _recipe_case("hand/drawn", hand_holding_product, "held_out", "hand", 1),
    ]


def _tune_added() -> list[Case]:
    """Tune cases drawn for issue 18's failure classes (:mod:`benchmarks.cutout_drawings_tune`)."""
    return [
        _drawn_case("shopper/cream-loop", cream_shopper(51), OFF_WHITE, "drop", "tune",
                    "white on white, handle gap", 51, strength=0.18),
        _drawn_case("flask/white-cap-loop", white_flask(52), WHITE, "drop", "tune",
                    "white on white, loop", 52, strength=0.22, quality=80),
        _drawn_case("shorts/teal-mottled", mottled_shorts(53), GREY, "floor", "tune",
                    "unsure part of a garment", 53, strength=0.2),
        _drawn_case("stool/walnut-legs", walnut_stool(54), GREY, "floor", "tune",
                    "gap open at one side", 54, strength=0.3),
        _drawn_case("trousers/rust-wide-leg", rust_trousers(55), OFF_WHITE, "contact", "tune",
                    "gap open at one side", 55, strength=0.35),
        _drawn_case("bag/green-strap-off-top", strap_bag(56), WHITE, "drop", "tune",
                    "gap open at one side", 56, strength=0.22),
    ]


def _fresh() -> list[Case]:
    """Cases added after the cutout rules were written (since seen while tuning)."""
    glass, glass_solid = amber_glass_bottle(31)
    return [
        _photo_case("bottles_pair.png", GREY, "drop", "fresh", "white on grey, large", 21,
                    strength=0.30, quality=70, side=2000),
        _photo_case("cap_gray.png", BEIGE, "floor", "fresh", "small, beige, JPEG 70", 22,
                    strength=0.30, quality=70, side=700),
        _photo_case("hoodie_black.png", SWEEP, "contact", "fresh", "gradient, contact shadow",
                    23, strength=0.45),
        _photo_case("tote_red.png", BEIGE, "contact", "fresh", "handle gap, contact shadow",
                    24, strength=0.40, side=1600),
        _drawn_case("sneaker/white", white_sneaker(25), WHITE, "floor", "fresh",
                    "white on white", 25, strength=0.30),
        _drawn_case("handbag/black-strap", black_handbag(26), GREY, "drop", "fresh",
                    "handle gap, dark", 26, strength=0.25, quality=70),
        _drawn_case("mug/green", green_mug(27), OFF_WHITE, "contact", "fresh",
                    "handle gap, contact shadow", 27, strength=0.45),
        _drawn_case("tote/white-red-logo", _tote((244, 242, 236), True, (208, 52, 44)), SWEEP,
                    "floor", "fresh", "white on white, handle gap", 28, strength=0.20),
        _drawn_case("jeans/cropped-bottom", cropped_jeans(29), WHITE, "drop", "fresh",
                    "cropped by frame", 29, strength=0.20),
        _drawn_case("hand/from-right", hand_from_right(30), BEIGE, "drop", "fresh", "hand", 30,
                    strength=0.12),
        _drawn_case("bottle/amber-glass", glass, WHITE, "floor", "fresh", "glass", 31,
                    strength=0.20, quality=70, solid=glass_solid),
    ]


def _unseen() -> list[Case]:
    """Cases drawn after the cutout rules were written; never scored while tuning."""
    glass, glass_solid = lemonade_glass(41)
    return [
        _drawn_case("polo/white", white_polo(32), WHITE, "floor", "unseen",
                    "white on white, apparel", 32, strength=0.28, quality=85),
        _drawn_case("sweater/cream-knit", cream_sweater(33), OFF_WHITE, "drop", "unseen",
                    "white on white, apparel", 33, strength=0.16),
        _drawn_case("tote/canvas-thin-straps", canvas_tote(34), WHITE, "floor", "unseen",
                    "white on white, handle gap", 34, strength=0.22, quality=80),
        _drawn_case("bag/beige-on-beige", beige_bag(35), BEIGE, "drop", "unseen",
                    "handle gap, own colour", 35, strength=0.2),
        _drawn_case("bottle/navy-white-label", navy_bottle(36), WHITE, "floor", "unseen",
                    "white label", 36, strength=0.25),
        _drawn_case("sneaker/coral-long-shadow", coral_runner(37), OFF_WHITE, "side", "unseen",
                    "long side shadow", 37, strength=0.35),
        _drawn_case("shoe/black-derby", black_derby(38), WHITE, "contact", "unseen",
                    "dark, strong contact shadow", 38, strength=0.6, quality=80),
        _drawn_case("jeans/light-leg-gap", light_jeans(39), WHITE, "drop", "unseen", "leg gap",
                    39, strength=0.2),
        _drawn_case("hand/can-from-bottom", held_can(40), GREY, "drop", "unseen", "hand", 40,
                    strength=0.12),
        _drawn_case("glass/lemonade", glass, WHITE, "floor", "unseen", "glass", 41,
                    strength=0.18, solid=glass_solid),
        _drawn_case("jar/small@2000", small_jar(42), GREY, "floor", "unseen",
                    "small, JPEG 70", 42, strength=0.3, quality=70),
    ]


PALE_PINK = (247, 236, 234)
PALE_BLUE = (234, 240, 247)
BLUE_GREY = (196, 208, 220)  # within a few levels of the onesie drawn on it


def _unseen2() -> list[Case]:
    """Cases drawn after every split above was tuned on; never scored while tuning."""
    bottle, bottle_solid = clear_bottle(62)
    return [
        _drawn_case("hoodie/white-drawstrings", scaled(white_hoodie(61), 1.4, 61), WHITE, "drop",
                    "unseen2", "white on white, apparel", 61, strength=0.2),
        _drawn_case("bottle/clear-water", bottle, PALE_BLUE, "floor", "unseen2",
                    "clear plastic, pastel", 62, strength=0.2, solid=bottle_solid),
        _drawn_case("backpack/grey-top-loop", grey_backpack(63), GREY, "contact", "unseen2",
                    "handle gap, contact shadow", 63, strength=0.4, quality=82),
        _drawn_case("shorts/khaki-leg-gap", khaki_shorts(64), OFF_WHITE, "drop", "unseen2",
                    "leg gap", 64, strength=0.2),
        _drawn_case("headphones/black-band", scaled(black_headphones(65), 1.0, 65), WHITE,
                    "drop", "unseen2", "dark, gap under the band", 65, strength=0.25,
                    quality=75),
        _drawn_case("vase/cream-handle", cream_vase(66), OFF_WHITE, "contact", "unseen2",
                    "white on white, handle loop", 66, strength=0.45),
        _drawn_case("towels/white-stack@2400", scaled(white_towels(67), 2.0, 67), WHITE, "floor",
                    "unseen2", "white on white, large", 67, strength=0.25, quality=90),
        _drawn_case("sandals/tan-straps", tan_sandals(68), GREY, "side", "unseen2",
                    "strap gaps, side shadow", 68, strength=0.35),
        _drawn_case("basket/wicker-handles", scaled(wicker_basket(69), 1.5, 69), BEIGE, "drop",
                    "unseen2", "woven handle gap, beige", 69, strength=0.22, quality=80),
        _drawn_case("hand/serum-from-left", held_serum(70), PALE_PINK, "drop", "unseen2",
                    "hand from the left edge", 70, strength=0.12),
        _drawn_case("watch/steel-loop@700", steel_watch(71), WHITE, "contact", "unseen2",
                    "metal loop, small, JPEG 72", 71, strength=0.5, quality=72),
        _drawn_case("onesie/blue-on-blue-grey", blue_onesie(72), BLUE_GREY, "floor", "unseen2",
                    "low contrast, own colour", 72, strength=0.22),
    ]


PALE_GREEN = (233, 240, 230)
WARM_GREY = (216, 212, 206)  # within a few levels of the felt slippers drawn on it


def _unseen3() -> list[Case]:
    """Cases drawn blind after ``unseen2`` was opened for tuning; since opened for tuning."""
    candle, candle_solid = frosted_candle_holder(86)
    case, case_solid = clear_phone_case(92)
    return [
        _drawn_case("teapot/white-handle", white_teapot(81), WHITE, "contact", "unseen3",
                    "white on white, handle loop", 81, strength=0.45, quality=85),
        _drawn_case("shirt/white-linen-arm-gap", linen_shirt(82), OFF_WHITE, "drop", "unseen3",
                    "white on white, apparel, arm gap", 82, strength=0.16),
        _drawn_case("scissors/orange-finger-holes", orange_scissors(83), GREY, "floor",
                    "unseen3", "finger holes, thin blades", 83, strength=0.22, quality=80),
        _drawn_case("keyring/brass@2400", scaled(brass_keyring(84), 2.0, 84), PALE_GREEN, "drop",
                    "unseen3", "small in a large photo, ring loop", 84, strength=0.25,
                    quality=90),
        _drawn_case("chair/black-wire", wire_chair(85), WHITE, "side", "unseen3",
                    "thin legs, open back, side shadow", 85, strength=0.35, quality=84),
        _drawn_case("candle-holder/frosted-glass", candle, BEIGE, "floor", "unseen3",
                    "frosted glass", 86, strength=0.2, solid=candle_solid),
        _drawn_case("hand/tube-from-top", held_tube(87), PALE_BLUE, "drop", "unseen3",
                    "hand from the top edge", 87, strength=0.12, quality=86),
        _drawn_case("scarf/mustard-off-bottom", mustard_scarf(88), PALE_PINK, "drop", "unseen3",
                    "cut by the frame edge, fringe", 88, strength=0.18, quality=78),
        _drawn_case("slippers/grey-felt-on-warm-grey", felt_slippers(89), WARM_GREY, "contact",
                    "unseen3", "low contrast, own colour", 89, strength=0.3, quality=82),
        _drawn_case("sunglasses/tortoise@600", scaled(tortoise_sunglasses(90), 0.5, 90, 1.0),
                    OFF_WHITE, "contact", "unseen3", "thin temples, tiny photo", 90,
                    strength=0.55, quality=72),
        _drawn_case("lamp/black-twin-rods", desk_lamp(91), BLUE_GREY, "side", "unseen3",
                    "thin arm, rod gaps, side shadow", 91, strength=0.4, quality=76),
        _drawn_case("case/clear-phone", case, WHITE, "drop", "unseen3",
                    "clear plastic, camera cut-out", 92, strength=0.15, quality=92,
                    solid=case_solid),
    ]


def _unseen4() -> list[Case]:
    """Cases drawn blind after ``unseen3`` was opened for tuning; opened for the confidence."""
    carafe, carafe_solid = glass_carafe(101)
    box, box_solid = clear_storage_box(102)
    return [
        _drawn_case("jug/white-ceramic-handle", white_jug(93), WHITE, "contact", "unseen4",
                    "white on white, handle loop", 93, strength=0.42, quality=86),
        _drawn_case("sneakers/white-pair-long-shadow", white_sneakers(94), GREY, "side",
                    "unseen4", "white on grey, pair, long side shadow", 94, strength=0.32,
                    quality=82),
        _drawn_case("cardigan/ecru-sleeves@2400", scaled(ecru_cardigan(95), 2.0, 95), OFF_WHITE,
                    "drop", "unseen4", "white on white, apparel, sleeve gaps, large", 95,
                    strength=0.18, quality=90),
        _drawn_case("handbag/cream-ring-on-ivory", ring_handbag(96), IVORY, "drop", "unseen4",
                    "handle gap, own colour", 96, strength=0.2, quality=84),
        _drawn_case("mug/off-white-loop@560", scaled(white_mug(97), 0.56, 97, 1.0), OFF_WHITE,
                    "contact", "unseen4", "white on white, handle loop, tiny photo", 97,
                    strength=0.5, quality=74),
        _drawn_case("whisk/steel-wires", steel_whisk(98), PALE_BLUE, "drop", "unseen4",
                    "thin wires, wire gaps", 98, strength=0.2, quality=80),
        _drawn_case("earrings/gold-hoops", hoop_earrings(99), PALE_PINK, "drop", "unseen4",
                    "thin hoops, small product", 99, strength=0.18, quality=88),
        _drawn_case("bell/mint-clamp-ring", bicycle_bell(100), SWEEP, "contact", "unseen4",
                    "thin bracket, clamp ring, gradient", 100, strength=0.4, quality=78),
        _drawn_case("carafe/glass-water", carafe, PALE_GREEN, "floor", "unseen4", "glass, water",
                    101, strength=0.2, quality=88, solid=carafe_solid),
        _drawn_case("box/clear-storage", box, BEIGE, "floor", "unseen4", "clear plastic, box",
                    102, strength=0.16, quality=85, solid=box_solid),
        _drawn_case("hand/perfume-from-corner", held_perfume(103), BLUE_GREY, "drop", "unseen4",
                    "hand from the bottom-right corner", 103, strength=0.12, quality=80),
        _drawn_case("dress/emerald-straps-off-bottom", slip_dress(104), WHITE, "drop", "unseen4",
                    "thin straps, cut by the frame edge", 104, strength=0.2, quality=76),
    ]


def _unseen5() -> list[Case]:
    """Cases drawn blind after ``unseen4`` was opened; never tuned on."""
    return [
        _drawn_case("keyring/steel-keys-leather-fob", steel_keyring(105), PALE_BLUE, "drop",
                    "unseen5", "ring loop, key holes, fob loop", 105, strength=0.2, quality=84),
        _drawn_case("scissors/black-kitchen-finger-holes", kitchen_scissors(106), WHITE, "side",
                    "unseen5", "finger holes, dark, side shadow", 106, strength=0.34,
                    quality=80),
        _drawn_case("headphones/white-over-ear", white_headphones(107), OFF_WHITE, "contact",
                    "unseen5", "white on white, band gap", 107, strength=0.4, quality=86),
        _drawn_case("trivet/cast-iron-lattice", iron_trivet(108), BEIGE, "drop", "unseen5",
                    "lattice gaps, dark", 108, strength=0.26, quality=78),
        _drawn_case("teether/donut@500", scaled(donut_teether(109), 0.5, 109, 1.0), PALE_PINK,
                    "floor", "unseen5", "donut hole, pastel, tiny photo", 109, strength=0.3,
                    quality=72),
        _drawn_case("necklace/gold-chain-loop", gold_chain(110), GREY, "drop", "unseen5",
                    "thin chain loop, pendant", 110, strength=0.28, quality=88),
        _drawn_case("hanger/walnut-bar@2400", scaled(walnut_hanger(111), 2.0, 111), SWEEP,
                    "drop", "unseen5", "hanger gap, thin hook, gradient, large", 111,
                    strength=0.22, quality=90),
        _drawn_case("cup/sage-on-sage", sage_cup(112), SAGE, "contact", "unseen5",
                    "handle loop, own colour", 112, strength=0.45, quality=82),
        _drawn_case("scarf/rust-loop-flat-lay", rust_scarf(113), PALE_GREEN, "drop", "unseen5",
                    "flat-lay fold gap, ribbed knit", 113, strength=0.16, quality=88),
        _drawn_case("bowl/white-on-white", white_bowl(114), WHITE, "floor", "unseen5",
                    "white on white, no gap", 114, strength=0.28, quality=85),
        _drawn_case("beanie/cream-on-cream", cream_beanie(115), CREAM, "drop", "unseen5",
                    "cream on cream, knit, pompom, no gap", 115, strength=0.18, quality=80),
        _drawn_case("bottle/white-pump", white_pump_bottle(116), LILAC, "side", "unseen5",
                    "white bottle, soft shading, side shadow, no gap", 116, strength=0.3,
                    quality=92),
        _drawn_case("cap/navy-white-logo", navy_cap(117), OFF_WHITE, "contact", "unseen5",
                    "white logo, no gap", 117, strength=0.5, quality=76),
        _drawn_case("hand/lipstick-from-left", held_lipstick(118), WARM_GREY, "drop", "unseen5",
                    "hand from the left edge", 118, strength=0.12, quality=70),
    ]



def _unseen6() -> list[Case]:
    """Cases drawn blind after ``unseen5`` was opened; never tuned on."""
    wine, wine_solid = wine_glass(125)
    jar, jar_solid = glass_jar(126)
    tumbler, tumbler_solid = amber_tumbler(127)
    return [
        _drawn_case("bangle/silver-polished@700", scaled(silver_bangle(119), 0.7, 119, 1.0),
                    OFF_WHITE, "drop", "unseen6", "polished metal loop, wide gap", 119,
                    strength=0.22, quality=84),
        _drawn_case("carabiner/orange-steel-gate", orange_carabiner(120), GREY, "drop", "unseen6",
                    "coloured loop, thin gate, wide gap", 120, strength=0.22, quality=80),
        _drawn_case("racket/badminton-sparse-strings@2400", scaled(badminton_racket(121), 2.0,
                                                                   121), PALE_BLUE, "drop",
                    "unseen6", "string grid gaps, thin shaft, large", 121, strength=0.12,
                    quality=90),
        _drawn_case("hoop/birch-on-birch", embroidery_hoop(122), BIRCH, "drop", "unseen6",
                    "ring loop, own colour", 122, strength=0.2, quality=84),
        _drawn_case("lock/black-u-shackle", bike_u_lock(123), WHITE, "side", "unseen6",
                    "shackle gap, dark, side shadow", 123, strength=0.34, quality=82),
        _drawn_case("cable/white-loose-coil", cable_coil(124), SWEEP, "drop", "unseen6",
                    "thin cable coil loops, white, gradient", 124, strength=0.2, quality=86),
        _drawn_case("glass/wine-empty", wine, WARM_GREY, "floor", "unseen6",
                    "clear glass, empty, thin stem", 125, strength=0.2, quality=88,
                    solid=wine_solid),
        _drawn_case("jar/glass-wooden-lid", jar, BEIGE, "floor", "unseen6",
                    "clear glass, empty jar, wooden lid", 126, strength=0.22, quality=84,
                    solid=jar_solid),
        _drawn_case("tumbler/amber-fluted", tumbler, PALE_GREEN, "floor", "unseen6",
                    "tinted glass, fluted", 127, strength=0.2, quality=86, solid=tumbler_solid),
        _drawn_case("planter/white-succulent", white_planter(128), WHITE, "contact", "unseen6",
                    "white on white, plant, no gap", 128, strength=0.42, quality=85),
        _drawn_case("hand/earbuds-from-right", held_earbuds(129), LILAC, "drop", "unseen6",
                    "hand from the right edge", 129, strength=0.12, quality=80),
        _drawn_case("sweatshirt/mustard-white-print@1680", scaled(mustard_sweatshirt(130), 1.4,
                                                                  130), BLUE_GREY, "drop",
                    "unseen6", "flat-lay garment, white logo, no gap", 130, strength=0.16,
                    quality=86),
        _drawn_case("wallet/brown-soft-drop", leather_wallet(131), IVORY, "drop", "unseen6",
                    "dark leather, strong soft drop shadow, no gap", 131, strength=0.4,
                    quality=80),
        _drawn_case("polish/pink@500", scaled(nail_polish(132), 0.5, 132, 1.0), PALE_PINK,
                    "contact", "unseen6", "tiny photo, pastel, no gap", 132, strength=0.5,
                    quality=72),
    ]


def _unseen7() -> list[Case]:
    """Cases drawn blind in session 20 after ``unseen6`` was opened; never tuned on."""
    return [
        _drawn_case("rack/chrome-wire-grid@2400", scaled(cooling_rack(133), 2.0, 133), WHITE,
                    "drop", "unseen7", "wire grid gaps, chrome, large", 133, strength=0.1,
                    quality=90),
        _drawn_case("basket/black-wire-mesh", scaled(wire_basket(134), 1.3, 134), BEIGE,
                    "contact", "unseen7", "wire mesh gaps, handle loops, dark", 134,
                    strength=0.4, quality=82),
        _drawn_case("wheel/bicycle-spokes", bicycle_wheel(135), GREY, "side", "unseen7",
                    "spoke gaps, thin spokes, side shadow", 135, strength=0.32, quality=80),
        _drawn_case("placemat/rattan-open-holes@800", scaled(rattan_placemat(136), 0.8, 136,
                                                             1.0), PALE_GREEN, "floor",
                    "unseen7", "woven, rings of holes", 136, strength=0.22, quality=84),
        _drawn_case("colander/red-small-holes", red_colander(137), PALE_BLUE, "floor",
                    "unseen7", "coloured, many small holes, handle slots", 137, strength=0.2,
                    quality=92),
        _drawn_case("hanger/white-wire@770", scaled(coat_hanger(138), 0.7, 138, 1.0), SWEEP,
                    "drop", "unseen7", "thin white wire loop, gradient", 138, strength=0.3,
                    quality=78),
        _drawn_case("clock/black-paper-white-dial", wall_clock(139), WHITE, "drop", "unseen7",
                    "paper-white dial, no gap", 139, strength=0.22, quality=88),
        _drawn_case("frame/black-paper-white-mat@1400", scaled(picture_frame(140), 1.4, 140),
                    WHITE, "contact", "unseen7", "paper-white mat and print, no gap", 140,
                    strength=0.4, quality=85),
        _drawn_case("phone/graphite-paper-white-screen", phone_white_screen(141), OFF_WHITE,
                    "drop", "unseen7", "paper-white screen, no gap", 141, strength=0.2,
                    quality=80),
        _drawn_case("tote/navy-paper-white-panel@1980", scaled(navy_tote(142), 1.8, 142), WHITE,
                    "drop", "unseen7", "paper-white print panel, handles folded down, no gap",
                    142, strength=0.18, quality=76),
        _drawn_case("hand/sunscreen-from-left", held_sunscreen(143), PALE_PINK, "drop", "unseen7",
                    "hand from the left edge", 143, strength=0.12, quality=74),
        _drawn_case("vase/glossy-black-softbox", glossy_vase(144), WARM_GREY, "side", "unseen7",
                    "glossy dark, strong reflection, side shadow, no gap", 144, strength=0.3,
                    quality=86),
        _drawn_case("teddy/cream-fluffy-on-cream", teddy_bear(145), CREAM, "contact", "unseen7",
                    "fluffy soft edges, own colour, no gap", 145, strength=0.4, quality=82),
        _drawn_case("dropper/amber@500", scaled(dropper_bottle(146), 0.5, 146, 1.0), LILAC,
                    "contact", "unseen7", "tiny photo, no gap", 146, strength=0.5, quality=70),
    ]


def _unseen8() -> list[Case]:
    """Cases drawn blind in session 23 after ``unseen7`` was opened; never tuned on."""
    oil, oil_solid = oil_bottle(154)
    return [
        _drawn_case("pot/teal-ceramic-snake-plant", ceramic_pot(147), BEIGE, "contact",
                    "unseen8", "ceramic pot, plant leaves, no gap", 147, strength=0.4,
                    quality=84),
        _drawn_case("sneaker/navy-knit-running", running_sneaker(148), GREY, "side", "unseen8",
                    "sneaker, knit, side shadow, no gap", 148, strength=0.32, quality=82),
        _drawn_case("jar/pink-skincare@560", scaled(skincare_jar(149), 0.7, 149, 1.0), LILAC,
                    "contact", "unseen8", "skincare jar, tiny photo, no gap", 149,
                    strength=0.5, quality=74),
        _drawn_case("backpack/tan-leather-handle@2400", scaled(leather_backpack(150), 2.0, 150),
                    WHITE, "drop", "unseen8", "leather backpack, top handle loop, large", 150,
                    strength=0.2, quality=90),
        _drawn_case("kettle/cream-enamel-handle", enamel_kettle(151), PALE_BLUE, "contact",
                    "unseen8", "kettle, handle loop", 151, strength=0.42, quality=86),
        _drawn_case("sweater/green-cable-folded", folded_sweater(152), SWEEP, "drop", "unseen8",
                    "folded knit, gradient, no gap", 152, strength=0.18, quality=80),
        _drawn_case("bottle/clear-glass-olive-oil", oil, WHITE, "floor", "unseen8",
                    "clear glass, liquid", 154, strength=0.22, quality=88, solid=oil_solid),
        _drawn_case("hand/matcha-tin-from-bottom", held_tin(155), WARM_GREY, "drop", "unseen8",
                    "hand from the bottom edge", 155, strength=0.12, quality=80),
        _drawn_case("candle/white-on-off-white", candle_jar(156), OFF_WHITE, "side", "unseen8",
                    "white on white, long soft side shadow, no gap", 156, strength=0.3,
                    quality=85),
        _drawn_case("bag/cognac-thin-strap-loop", crossbody_bag(157), PALE_PINK, "drop",
                    "unseen8", "thin strap loop", 157, strength=0.2, quality=82),
        _drawn_case("whisk/flat-nested-wires", flat_whisk(158), PALE_GREEN, "drop", "unseen8",
                    "thin wires, nested loops", 158, strength=0.1, quality=84),
        _drawn_case("lock/blue-coiled-cable", lock_cable(159), OFF_WHITE, "contact", "unseen8",
                    "coiled cable loops", 159, strength=0.4, quality=80),
        _drawn_case("sunglasses/gold-aviator-tinted", aviator_sunglasses(160), CREAM, "floor",
                    "unseen8", "thin metal frame, tinted lenses, bridge gap", 160,
                    strength=0.2, quality=86),
        _drawn_case("earphones/white-wired-loop", wired_earphones(161), BLUE_GREY, "drop",
                    "unseen8", "thin white cable loop", 161, strength=0.2, quality=82),
    ]


def _unseen9() -> list[Case]:
    """Cases drawn blind in session 24 after ``unseen8`` was scored; never tuned on."""
    perfume, perfume_solid = scaled_glass(perfume_bottle(163), 2.2, 163)
    tumbler, tumbler_solid = glass_tumbler(170)
    return [
        _drawn_case("lipstick/red-gold-tube@630", scaled(lipstick(162), 0.7, 162, 1.0),
                    OFF_WHITE, "hard", "unseen9",
                    "lipstick, cap apart, hard sun shadow, small photo, no gap", 162,
                    strength=0.3, quality=76),
        _drawn_case("perfume/rose-glass-silver-cap@2200", perfume, GREY, "side", "unseen9",
                    "perfume, thick glass, metal cap, long side shadow, large, no gap", 163,
                    strength=0.26, quality=90, solid=perfume_solid),
        _drawn_case("bowl/indigo-stoneware@600", scaled(ceramic_bowl(164), 0.6, 164, 1.0),
                    BEIGE, "contact", "unseen9", "glazed bowl, small photo, no gap", 164,
                    strength=0.42, quality=72),
        _drawn_case("coffee/kraft-bag-bean-window", coffee_bag(165), SWEEP, "hard", "unseen9",
                    "kraft pouch, bean window, hard sun shadow, gradient, no gap", 165,
                    strength=0.26, quality=82),
        _drawn_case("tube/mint-hand-cream@2090", scaled(hand_cream(166), 1.9, 166), OFF_WHITE,
                    "drop", "unseen9", "tube lying down, soft drop shadow, large, no gap", 166,
                    strength=0.2, quality=93),
        _drawn_case("cap/olive-washed-cotton", baseball_cap(167), GREY, "contact", "unseen9",
                    "cap, brim, light grey, no gap", 167, strength=0.45, quality=80),
        _drawn_case("board/olive-wood-handle-hole@2080", scaled(cutting_board(168), 1.6, 168),
                    WHITE, "hard", "unseen9", "wood board, handle hole, hard sun shadow, large",
                    168, strength=0.3, quality=88),
        _drawn_case("sneaker/white-canvas-high-top", white_hightop(169), WHITE, "contact",
                    "unseen9", "white on white, sneaker, no gap", 169, strength=0.4, quality=85),
        _drawn_case("tumbler/clear-glass-empty", tumbler, PALE_BLUE, "floor", "unseen9",
                    "clear glass, empty, thick base", 170, strength=0.2, quality=88,
                    solid=tumbler_solid),
        _drawn_case("boot/black-chelsea-on-dark-grey", chelsea_boot(171), DARK_GREY, "contact",
                    "unseen9", "black on dark grey, pull tab loop", 171, strength=0.5,
                    quality=80),
        _drawn_case("mat/terracotta-roll-off-two-edges", yoga_mat(172), CREAM, "drop", "unseen9",
                    "touches the left and bottom edges, no gap", 172, strength=0.2, quality=78),
        _drawn_case("rack/chrome-wire-dish", dish_rack(173), PALE_GREEN, "drop", "unseen9",
                    "thin wires, grid and tine gaps", 173, strength=0.14, quality=86),
        _drawn_case("fork/steel-tines@650", scaled(fork(174), 0.5, 174, 1.0), LILAC, "drop",
                    "unseen9", "thin tines, slanted, small photo, no gap", 174, strength=0.25,
                    quality=70),
        _drawn_case("necklace/silver-chain-loop", chain_necklace(175), PALE_PINK, "drop",
                    "unseen9", "fine chain loop, pendant", 175, strength=0.18, quality=84),
        _drawn_case("racket/tennis-strings-throat", tennis_racket(176), WARM_GREY, "drop",
                    "unseen9", "string bed gaps, open throat", 176, strength=0.1, quality=80),
    ]


def _unseen10() -> list[Case]:
    """Cases drawn blind in session 25 after ``unseen9`` was scored; never tuned on."""
    honey, honey_solid = honey_jar(187)
    return [
        _drawn_case("watch/leather-strap-buckled-loop", wristwatch(177), OFF_WHITE, "drop",
                    "unseen10", "watch, leather strap loop, soft drop shadow", 177,
                    strength=0.24, quality=86),
        _drawn_case("vase/speckled-bud@600", scaled(bud_vase(178), 0.6, 178, 1.0), WHITE,
                    "contact", "unseen10", "matte vase, contact shadow, small photo, no gap",
                    178, strength=0.45, quality=74),
        _drawn_case("game/board-game-box@2200", scaled(board_game(179), 2.0, 179), GREY, "hard",
                    "unseen10", "printed box, hard sun shadow, large, no gap", 179,
                    strength=0.3, quality=90),
        _drawn_case("boots/tan-lace-up-pair", leather_boots(180), BEIGE, "contact", "unseen10",
                    "pair of boots, gap between them open, no gap", 180, strength=0.42,
                    quality=82),
        _drawn_case("toaster/brushed-steel-two-slot", toaster(181), PALE_BLUE, "side",
                    "unseen10", "brushed steel, long side shadow, no gap", 181, strength=0.3,
                    quality=84),
        _drawn_case("soap/lavender-kraft-band@675", scaled(soap_bar(182), 0.75, 182, 1.0),
                    OFF_WHITE, "hard", "unseen10",
                    "soap bar, hard sun shadow, small photo, no gap", 182, strength=0.28,
                    quality=70),
        _drawn_case("skillet/cast-iron-handle-hole@2240", scaled(skillet(183), 1.6, 183), WHITE,
                    "floor", "unseen10", "dark iron, handle hole, large", 183, strength=0.24,
                    quality=92),
        _drawn_case("bunny/grey-plush-long-ears", plush_bunny(184), PALE_PINK, "drop",
                    "unseen10", "plush, fuzzy, ears apart, no gap", 184, strength=0.18,
                    quality=80),
        _drawn_case("cushion/white-linen-on-white", linen_cushion(185), WHITE, "contact",
                    "unseen10", "white on white, cushion, no gap", 185, strength=0.4,
                    quality=85),
        _drawn_case("camera/black-on-charcoal", black_camera(186), CHARCOAL, "contact",
                    "unseen10", "black on charcoal, lens, no gap", 186, strength=0.5,
                    quality=82),
        _drawn_case("jar/clear-glass-honey", honey, CREAM, "floor", "unseen10",
                    "clear glass, amber honey, partly see-through", 187, strength=0.22,
                    quality=88, solid=honey_solid),
        _drawn_case("rug/jute-roll-off-two-edges", rolled_rug(188), WARM_GREY, "drop",
                    "unseen10", "touches the right and bottom edges, no gap", 188,
                    strength=0.2, quality=78),
        _drawn_case("rail/black-wire-hooks", hook_rail(189), PALE_GREEN, "drop", "unseen10",
                    "thin wire hooks, open curls, no gap", 189, strength=0.16, quality=84),
        _drawn_case("chopsticks/lacquered-on-rest@660", scaled(chopsticks(190), 0.55, 190, 1.0),
                    LILAC, "hard", "unseen10",
                    "thin sticks, hard sun shadow, small photo, no gap", 190, strength=0.3,
                    quality=72),
        _drawn_case("grate/chrome-round-grill-bars", grill_grate(191), BLUE_GREY, "drop",
                    "unseen10", "thin bars, grid gaps, handle loops", 191, strength=0.14,
                    quality=86),
    ]


def _unseen11() -> list[Case]:
    """Cases drawn blind in session 26 after ``unseen10`` was drawn; never tuned on."""
    jug, jug_solid = blender(196)
    bottle, bottle_solid = frosted_bottle(201)
    return [
        _drawn_case("belt/brown-leather-coiled", coiled_belt(192), OFF_WHITE, "drop",
                    "unseen11", "leather belt coiled round a hole, soft drop shadow", 192,
                    strength=0.24, quality=84),
        _drawn_case("planter/terracotta-saucer@560", scaled(saucer_planter(193), 0.7, 193, 1.0),
                    GREY, "contact", "unseen11",
                    "planter on a saucer, leaves, contact shadow, small photo, no gap", 193,
                    strength=0.45, quality=72),
        _drawn_case("giftset/perfume-box@2200", scaled(perfume_giftset(194), 2.0, 194), WHITE,
                    "hard", "unseen11", "boxed gift set, hard sun shadow, large, no gap", 194,
                    strength=0.3, quality=90),
        _drawn_case("shorts/coral-running-flat", running_shorts(195), BEIGE, "drop", "unseen11",
                    "flat-lay shorts, leg split open, no gap", 195, strength=0.18, quality=80),
        _drawn_case("blender/glass-jug-handle", jug, PALE_BLUE, "side", "unseen11",
                    "clear glass jug, handle loop, long side shadow", 196, strength=0.3,
                    quality=86, solid=jug_solid),
        _drawn_case("hat/straw-ribbon@650", scaled(straw_hat(197), 0.65, 197, 1.0), OFF_WHITE,
                    "hard", "unseen11",
                    "woven straw, wide brim, hard sun shadow, small photo, no gap", 197,
                    strength=0.28, quality=70),
        _drawn_case("car/wooden-toy-window@1900", scaled(toy_car(198), 1.9, 198), WHITE,
                    "contact", "unseen11", "wooden toy, window cut through, large", 198,
                    strength=0.42, quality=88),
        _drawn_case("glove/tan-baseball", baseball_glove(199), WARM_GREY, "floor", "unseen11",
                    "leather glove, laces, no gap", 199, strength=0.22, quality=82),
        _drawn_case("towel/white-terry-on-white", folded_towel(200), WHITE, "contact",
                    "unseen11", "white on white, folded towels, no gap", 200, strength=0.4,
                    quality=85),
        _drawn_case("bottle/frosted-glass", bottle, PALE_GREEN, "floor", "unseen11",
                    "frosted glass, milky, no gap", 201, strength=0.22, quality=84,
                    solid=bottle_solid),
        _drawn_case("headphones/black-on-near-black", over_ear_headphones(202), NEAR_BLACK,
                    "contact", "unseen11", "black on near-black, open band bay, no gap", 202,
                    strength=0.5, quality=82),
        _drawn_case("hand/face-cream-from-bottom-left", held_face_cream(203), PALE_PINK, "drop",
                    "unseen11", "hand from the bottom-left corner", 203, strength=0.12,
                    quality=78),
        _drawn_case("mirror/brass-round-reflecting-paper", wall_mirror(204), OFF_WHITE, "drop",
                    "unseen11", "mirror reflecting the paper, thin frame, strap loop", 204,
                    strength=0.16, quality=86),
        _drawn_case("chain/steel-lock-links", lock_chain(205), CREAM, "contact", "unseen11",
                    "open chain links, padlock shackle", 205, strength=0.4, quality=80),
        _drawn_case("tongs/steel-hanging-ring@660", scaled(kitchen_tongs(206), 0.6, 206, 1.0),
                    BLUE_GREY, "drop", "unseen11", "thin arms, hanging ring, small photo", 206,
                    strength=0.12, quality=74),
        _drawn_case("guitar/acoustic-strings-sound-hole", acoustic_guitar(207), SWEEP, "side",
                    "unseen11", "thin strings, dark sound hole, long side shadow, no gap", 207,
                    strength=0.28, quality=86),
    ]


def _unseen12() -> list[Case]:
    """Cases drawn blind in session 28 after ``unseen11`` was drawn; never tuned on."""
    glasses, glasses_solid = scaled_glass(reading_glasses(209), 0.7, 209)
    teapot, teapot_solid = glass_teapot(213)
    return [
        _drawn_case("helmet/white-vents-strap@2200", scaled(bike_helmet(208), 2.0, 208),
                    OFF_WHITE, "hard", "unseen12",
                    "white helmet on off-white, dark vents, chin strap loop, hard sun shadow, "
                    "large", 208, strength=0.3, quality=90),
        _drawn_case("glasses/gold-reading-folded@630", glasses, PALE_PINK, "drop", "unseen12",
                    "thin rims and folded temples, clear lenses, bridge gap, small photo", 209,
                    strength=0.2, quality=72, solid=glasses_solid),
        _drawn_case("harness/red-dog-straps", dog_harness(210), PALE_BLUE, "drop", "unseen12",
                    "dog harness, strap loops, soft drop shadow", 210, strength=0.22,
                    quality=82),
        _drawn_case("basket/black-wire-eggs", egg_basket(211), WHITE, "side", "unseen12",
                    "thin wires, egg cells, handle loop, long side shadow", 211, strength=0.34,
                    quality=86),
        _drawn_case("pin/beech-rolling@2400", scaled(rolling_pin(212), 2.0, 212), BEIGE, "drop",
                    "unseen12", "wooden pin on beige, soft drop shadow, large, no gap", 212,
                    strength=0.2, quality=88),
        _drawn_case("teapot/glass-amber-tea", teapot, PALE_GREEN, "floor", "unseen12",
                    "glass teapot, amber tea, handle loop, see-through", 213, strength=0.2,
                    quality=84, solid=teapot_solid),
        _drawn_case("pillow/white-cotton-on-white", white_pillow(214), WHITE, "contact",
                    "unseen12", "white on white, pillow, contact shadow, no gap", 214,
                    strength=0.35, quality=85),
        _drawn_case("throw/cream-open-weave", knit_throw(215), IVORY, "floor", "unseen12",
                    "cream on ivory, open-weave eyelets, fringe", 215, strength=0.14,
                    quality=80),
        _drawn_case("kettlebell/black-iron", kettlebell(216), GREY, "side", "unseen12",
                    "dark iron, handle hole, dark long side shadow", 216, strength=0.55,
                    quality=84),
        _drawn_case("hand/backpack-loop-from-top", held_backpack(217), WARM_GREY, "drop",
                    "unseen12", "hand from the top edge, loop under the fist", 217,
                    strength=0.14, quality=80),
        _drawn_case("umbrella/black-hook-off-bottom", black_umbrella(218), SWEEP, "contact",
                    "unseen12",
                    "black umbrella, open hook, off the bottom edge, contact shadow, no gap",
                    218, strength=0.6, quality=82),
        _drawn_case("net/green-mesh-landing", landing_net(219), BLUE_GREY, "drop", "unseen12",
                    "thin mesh, many cells, hoop and handle", 219, strength=0.16, quality=86),
        _drawn_case("hanger/cream-macrame-pot", macrame_hanger(220), CREAM, "floor", "unseen12",
                    "cream cords on cream, knotted diamonds, ring", 220, strength=0.2,
                    quality=80),
        _drawn_case("basket/bread-gingham@550", scaled(bread_basket(221), 0.5, 221, 1.0), SAGE,
                    "drop", "unseen12", "woven basket, bread, small photo, no gap", 221,
                    strength=0.22, quality=70),
        _drawn_case("tripod/phone-thin-legs@650", scaled(phone_tripod(222), 0.5, 222, 1.0),
                    LILAC, "hard", "unseen12", "thin legs, hard sun shadow, small photo, no gap",
                    222, strength=0.32, quality=74),
    ]


_BUILDERS: dict[str, Callable[[], list[Case]]] = {
    "tune": _tune, "held_out": _held_out, "fresh": _fresh, "unseen": _unseen,
    "unseen2": _unseen2, "unseen3": _unseen3, "unseen4": _unseen4, "unseen5": _unseen5,
    "unseen6": _unseen6, "unseen7": _unseen7, "unseen8": _unseen8,
    "unseen9": _unseen9, "unseen10": _unseen10, "unseen11": _unseen11, "unseen12": _unseen12,
}
