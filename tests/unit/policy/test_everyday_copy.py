"""Everyday ad copy the session-22 lexicon rules must neither block nor rewrite.

A reviewer ran ordinary copy through the rules added in session 22 (policy-lexicon.yaml:
forged papers, spyware, bought reviews, exam cheating, wildlife, weapons, adult, emoji
menus, body shaming, disasters, free spins, easy credit, returns, earnings, referrals);
each line of ``REVIEWER`` passed before them and was blocked or rewritten by them. ``OWN``
are more ordinary ads of the same trades (jobs, gyms, bakeries, electronics, fashion,
loyalty offers, finance apps' compliant copy) in en, de, fr, es and it. A warning is
allowed (the learned reader and some older rules only ever warn); a block or a rewrite is
not. The violations these rules were written for are tests/unit/policy/test_lexicon.py's.
"""

from __future__ import annotations

import pytest

from policy.text import load_policy

REVIEWER = [
    # a jack or a cable in millimetres beside chargers is no calibre and no magazine
    "Auriculares con jack 3,5 mm y cargadores rápidos",
    "Prise jack 3,5 mm et chargeurs USB",
    "Cavo 3,5 mm e caricatori USB-C",
    # work, a speed test and a hearing test are no coursework
    "Le hacemos los trabajos de reforma",
    "Hacemos todo el trabajo por ti",
    "Te hacemos el test de velocidad",
    "Prenota il tuo test dell'udito: gratis per te",
    # sticky notes are no ratings; "kaufen Sie" goes on past the reviews
    "Achetez des notes autocollantes",
    "Mit über 2.000 positiven Bewertungen kaufen Sie sicher ein",
    # papers that look real, scan or pass checks with no forgery word
    "Diploma frames in solid oak: looks 100% real wood",
    "Turn paper documents into crisp, scannable PDFs",
    "Passport photos in 5 minutes: passes all checks",
    # a phone tracker finds a lost phone
    "Lost your phone? Our phone tracker app finds it in seconds",
    # a secret with no one watched
    "Plan the surprise party: see RSVPs, share photos and messages, all in secret!",
    # antique ivory is a colour
    "Wedding dress in antique ivory satin",
    "Antique ivory wall paint",
    # "geil" is cool; a monitor is hooked up
    "Geile Sommerkleider für Mädels",
    "Want to hook up a second monitor?",
    # a café's snowflakes and leaves with its menu
    "❄️ Our winter menu is here ❄️ Book via DM",
    "🍃 Fresh mint ❄️ iced lemonade, see our menu",
    "🌿 Vegan bowls 🍄 mushroom risotto, new menu!",
    # rides, spins and throws at a fair (and "3 tours gratuits pour les enfants" in OLDER)
    "2 giri gratis",
    "10 tiradas gratis",
    # ready-to-wear, a refund and paperless shipping
    "Prêt-à-porter : nouvelle collection, retours sans justificatif",
    "Remboursement jusqu'à 30 € sans justificatif",
    "Envío gratis desde 30 € – sin papeles, todo digital",
    # a pool cleaner's monthly discount
    "Pool cleaning plans: 10% monthly discount",
    # invest in sleep and quality; a card game
    "Invest in your sleep: try our mattress risk-free",
    "Invest in quality: our boots come with a risk-free 30-day trial",
    "Trading cards binder with 20 sleeves: never lose a card",
    # training, cash back, a free item, a returns policy
    "Train 3x in 7 days",
    "Double your cash back",
    "Send 3, get 1 free",
    "Free shipping, 100% returns accepted",
    # wages in job ads
    "Delivery drivers wanted: earn €2,500 per month",
    "Verdiene 3.000 € im Monat als Pflegekraft",
    "Senior engineer, six-figure salary, hybrid work",
    # referral rewards
    "Invite 3 friends and earn a free coffee",
    "Bring 2 friends and earn 10% off",
    # a bakery's muffin tops, a parcel too big, a flood of orders
    "Our famous muffin tops are back",
    "Colis trop gros pour la boîte aux lettres ?",
    "Nach der Flut an Bestellungen: 20% Rabatt",
]

# lines an older rule blocked before session 22 too ("tours gratuits" was a term of
# restricted.gambling in policy-fr.yaml; it now needs a casino beside it)
OLDER = [
    "3 tours gratuits pour les enfants",
]

OWN = [
    # jobs
    "We're hiring baristas: earn €2,200 per month plus tips.",
    "Lagerhelfer gesucht: verdiene 2.800 € im Monat, jetzt bewerben!",
    "Nous recrutons des chauffeurs : gagnez 2 100 € par mois, CDI.",
    "Se buscan camareros: gana 1.800 € al mes con contrato fijo.",
    "Cerchiamo commessi: guadagna 1.600 € al mese, invia il tuo CV.",
    "Nurses wanted: earn $6,000 a month with full benefits.",
    "Join our kitchen team as a cook: €14 per hour, flexible shifts.",
    # gyms
    "Train 3x a week with a coach: first month free.",
    "Probetraining gratis: 3x pro Woche trainieren, jederzeit kündbar.",
    "Salle de sport ouverte 7j/7 : 3 séances d'essai gratuites.",
    "Gimnasio 24 horas: 2x1 en la matrícula este mes.",
    "Palestra in centro: 2 ingressi gratis per te e un amico.",
    "Double your gains: two personal training sessions for the price of one.",
    # bakeries
    "Fresh sourdough every morning, 2 croissants for the price of 1.",
    "Frische Brötchen ab 6 Uhr, jeden Tag, auch sonntags.",
    "Pain au levain et viennoiseries : commandez la veille, retirez le matin.",
    "Pan de masa madre recién hecho: pide por WhatsApp y recógelo.",
    "Cornetti caldi ogni mattina, anche senza glutine.",
    "Muffin tops, cookies and brownies baked fresh today.",
    # electronics
    "USB-C charger 65 W with a 2 m braided cable.",
    "Kopfhörer mit 3,5-mm-Klinke und Ladekabel, 30 Stunden Akku.",
    "Câble audio jack 3,5 mm, chargeur rapide 30 W inclus.",
    "Cargador de 20 W y cable jack de 3,5 mm para tus auriculares.",
    "Cuffie con jack da 3,5 mm e caricatore incluso.",
    "Smartwatch: see messages and calls on your wrist.",
    "Bluetooth tracker for keys and bags: find them in seconds.",
    # fashion
    "Antique ivory lace blouse, sizes S to XL.",
    "Elfenbeinfarbenes Brautkleid mit Spitze.",
    "Robe de mariée ivoire antique en dentelle.",
    "Vestido de novia color marfil antiguo con encaje.",
    "Abito da sposa color avorio antico.",
    "Geile Sneaker für Jungs und Mädels, jetzt im Sale.",
    "Prêt-à-porter femme : -30 % sur la nouvelle collection.",
    # loyalty offers
    "Collect 10 stamps and get a free coffee.",
    "Refer a friend and you both get €10 off.",
    "Invita a 2 amigos y gana un mes gratis.",
    "Werbt 2 Freunde und erhaltet einen Gratis-Monat.",
    "Porta 3 amici e guadagna uno sconto del 15%.",
    "Earn double points on every purchase this weekend.",
    "Send 2 postcards, get 1 free stamp sheet.",
    "Member prices: 10% monthly discount on all trading card boosters.",
    # finance apps' compliant copy
    "Invest from €1 in ETFs. Capital at risk.",
    "Savings account with 3% interest a year, deposits protected up to €100,000.",
    "Tagesgeld mit 3 % Zinsen p. a., Einlagensicherung bis 100.000 €.",
    "Investissez dès 10 € : le capital investi n'est pas garanti.",
    "Budgeting app: see where your money goes each month.",
    "Round up your purchases and invest the spare change. Capital at risk.",
    "Crypto app: buy and sell bitcoin. Prices can go down as well as up.",
    "Prêt immobilier : simulez votre taux en ligne en 2 minutes.",
    "Paga en 3 plazos sin intereses con tu tarjeta.",
    "Free returns within 30 days, refunds without a receipt up to €50.",
    # the rules' other words in everyday use
    "Pool party this Saturday: 20% off tickets every weekend.",
    "Nach dem Hochwasser-Wochenende: unser Team hilft beim Aufräumen.",
    "Flood of orders? Our shipping software scales with you.",
    "Wir haben über 500 Bewertungen: kaufen Sie jetzt mit Vertrauen.",
    "Sticky notes and notebooks: buy 2, get 1 free.",
]


# session 23, written before its rules: everyday copy in de, fr and es beside the classes it
# worked on (dating and singles, hemp and herbs, jobs with pay, "hot" offers, slang of shops,
# gendered products, safety and health wording that is no promise)
EVERYDAY_DEFRES = [
    # de
    "Heiße Angebote zum Sommerschlussverkauf: bis zu 40 % auf Grills.",
    "Wir suchen Verstärkung im Lager: 15 € pro Stunde, Vollzeit, unbefristet.",
    "Gras mähen, Hecke schneiden, Laub entfernen: Ihr Gartenservice vor Ort.",
    "Hanfsamen-Öl zum Kochen, kaltgepresst, 500 ml.",
    "Geschenkideen für sie und ihn: Schals, Uhren und Taschen.",
    "Wanderclub für Singles und Paare: jeden Sonntag in die Berge, alle willkommen.",
    "Schnee-Ketten für alle Reifengrößen, sofort lieferbar.",
    "Unser Fahrradhelm ist nach EN 1078 geprüft.",
    "Kräutertee mit Kamille und Minze, 20 Beutel.",
    "Nebenjob als Kellner am Wochenende, Trinkgeld inklusive.",
    # fr
    "Offres brûlantes : -30 % sur les barbecues ce week-end.",
    "Soirée célibataires au bar du port : quiz, musique et tapas.",
    "Nous recrutons un comptable à temps plein, salaire selon expérience.",
    "Tonte de gazon et taille de haies : devis gratuit sous 48 h.",
    "Huile de chanvre alimentaire bio, pressée à froid.",
    "Idées cadeaux pour elle : bijoux, foulards et parfums.",
    "Chaînes à neige pour toutes les tailles de pneus.",
    "Casque vélo certifié EN 1078, ventilé et léger.",
    "Infusion camomille et menthe, 20 sachets.",
    "Job étudiant le samedi en boulangerie, 12 € de l'heure.",
    # es
    "Ofertas calientes de verano: hasta un 40 % en ventiladores.",
    "Quedadas para solteros amantes del senderismo, cada domingo.",
    "Buscamos repartidores con carné B: 1.500 € al mes y contrato indefinido.",
    "Cortamos el césped y podamos setos: presupuesto sin compromiso.",
    "Aceite de semillas de cáñamo para cocinar, prensado en frío.",
    "Regalos para ella y para él: relojes, bolsos y perfumes.",
    "Cadenas para nieve para todas las medidas de neumático.",
    "Casco de bici homologado EN 1078, ligero y ventilado.",
    "Infusión de manzanilla y menta, caja de 20 bolsitas.",
    "Trabajo de fin de semana como camarero, propinas incluidas.",
]


# what the narrowed rules were written for, in the words around the everyday lines
STILL_CAUGHT = [
    ("restricted", "Bonus de bienvenue + 20 tours gratuits"),
    ("restricted", "50 tours gratuits sur nos machines à sous"),
    ("prohibited", "Glock 9 mm con dos cargadores, envío discreto."),
    ("prohibited", "Pistolet calibre .45 avec trois chargeurs."),
    ("prohibited", "Munición 9 mm, 500 balas por caja."),
    ("prohibited", "Te hacemos el trabajo de fin de grado en dos semanas."),
    ("prohibited", "Scriviamo la tua tesi per te, qualsiasi materia."),
    ("prohibited", "We sit your online test for you, any subject."),
    ("prohibited", "Positive Google-Bewertungen kaufen – schnell und sicher."),
    ("prohibited", "Novelty documents that pass all checks, any country."),
    ("prohibited", "Read your wife's messages in secret with our app."),
    ("prohibited", "Geile Mädels warten heute Nacht auf dich."),
    ("prohibited", "Hot singles want to hook up with you tonight."),
    ("prohibited", "❄️❄️ top quality, menu on Telegram"),
    ("prohibited", "🍃 and ❄️ for the weekend, tap the plug"),
    ("restricted", "Casino online: 50 giri gratis al primo deposito."),
    ("restricted", "100 tiradas gratis en la ruleta online."),
    ("financial", "Crédit sans justificatif, réponse en 5 minutes."),
    ("financial", "Get $800 today, no credit check."),
    ("financial", "Crypto bot: 10% monthly, every month."),
    ("financial", "Invest in crypto risk-free."),
    ("financial", "Your money x2 in 14 days."),
    ("financial", "Double your cash in a week."),
    ("financial", "Send 0.1 BTC, get 0.2 BTC back."),
    ("financial", "Earn $8,000 a month from your phone."),
    ("financial", "Trae a 3 amigas y gana por cada persona que ellas traigan."),
    ("sensitive", "Hide that muffin top with our shapewear."),
    ("sensitive", "Tu es trop grosse pour ce maillot ? Notre programme t'aide."),
    ("sensitive", "Nach der Flut: 30 % Rabatt auf Pumpen."),
]


def _serious(text: str) -> list[tuple[str, str, str]]:
    """The blocks and rewrites of the rules (no learned reader: it only ever warns)."""
    findings = load_policy(learned=False).check(text)
    return [(f.rule_id, f.severity, f.excerpt) for f in findings
            if f.severity in {"block", "rewrite"}]


@pytest.mark.parametrize("text", [
    *REVIEWER, *OWN, *OLDER,
])
def test_everyday_copy_is_neither_blocked_nor_rewritten(text: str) -> None:
    assert _serious(text) == []


@pytest.mark.parametrize("text", EVERYDAY_DEFRES)
def test_everyday_copy_in_de_fr_es_draws_no_finding(text: str) -> None:
    """The whole policy, the learned reader too: not even a warning on these."""
    assert [(f.rule_id, f.excerpt) for f in load_policy().check(text)] == []


@pytest.mark.parametrize(("family", "text"), STILL_CAUGHT)
def test_the_narrowed_rules_still_catch_their_violations(family: str, text: str) -> None:
    found = {rule.split(".", 1)[0] for rule, _, _ in _serious(text)}
    assert family in found, f"{text!r}: {found}"


def test_the_lists_are_long_enough() -> None:
    assert len(REVIEWER) + len(OLDER) >= 42 and len(OWN) >= 40
    assert len(set(REVIEWER + OLDER + OWN)) == len(REVIEWER + OLDER + OWN)
    assert len(EVERYDAY_DEFRES) == len(set(EVERYDAY_DEFRES)) == 30
