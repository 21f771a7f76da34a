"""Numbers and geometry for the ``cost_breakdown`` block, so templates only print them.

The chart is one horizontal stacked bar in SVG user units (``CHART_WIDTH`` wide); the
template scales it with ``viewBox``. Shares are percentages of the price.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

CHART_WIDTH = 600
CHART_HEIGHT = 48

KINDS = [
    ("materials", _("Materials")),
    ("labour", _("Labour")),
    ("transport", _("Transport")),
    ("packaging", _("Packaging")),
    ("taxes", _("Taxes")),
    ("margin", _("Margin")),
    ("other", _("Other")),
]
CURRENCIES = [("EUR", _("Euro (€)")), ("GBP", _("Pound sterling (£)")), ("USD", _("US dollar ($)"))]
SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$"}

# Okabe–Ito, distinguishable with the common colour-vision deficiencies; each kind has its
# colour so charts compare across products, and a repeated kind takes the next free colour.
KIND_COLOURS = {
    "materials": "#0072b2",
    "labour": "#e69f00",
    "transport": "#009e73",
    "packaging": "#cc79a7",
    "taxes": "#56b4e9",
    "margin": "#d55e00",
    "other": "#6b6b6b",
}
SPARE_COLOURS = ["#882255", "#44aa99", "#999933", "#332288", "#aa4499", "#117733"]
PALETTE = list(KIND_COLOURS.values()) + SPARE_COLOURS
KIND_LABELS = dict(KINDS)

CENT = Decimal("0.01")
TENTH = Decimal("0.1")


def format_money(amount: Decimal, currency: str) -> str:
    """``€1.80`` (the pattern is translatable: some languages put the symbol after)."""
    number = number_format(Decimal(amount).quantize(CENT), 2, use_l10n=True)
    symbol = SYMBOLS.get(currency, currency)
    return _("%(symbol)s%(amount)s") % {"symbol": symbol, "amount": number}


@dataclass(frozen=True)
class Segment:
    label: str
    kind: str
    kind_label: str
    amount: Decimal
    money: str
    share: Decimal  # percent of the price, one decimal
    colour: str
    x: float
    width: float


@dataclass(frozen=True)
class Chart:
    segments: list[Segment]
    price: str
    total: str
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT

    @property
    def description(self) -> str:
        return "; ".join(
            f"{s.label}: {s.money} ({number_format(s.share, 1, use_l10n=True)} %)"
            for s in self.segments
        )


def _colours(kinds: list[str]) -> list[str]:
    used: set[str] = set()
    colours = []
    for kind in kinds:
        colour = KIND_COLOURS.get(kind, KIND_COLOURS["other"])
        if colour in used:
            colour = next((c for c in PALETTE if c not in used), colour)
        used.add(colour)
        colours.append(colour)
    return colours


def _amount(value) -> Decimal:
    return Decimal(value) if value is not None else Decimal(0)


def build_chart(*, price, parts, currency: str) -> Chart:
    """``parts`` are mappings with ``label``, ``kind`` and ``amount``. Works on unvalidated
    data too (a draft, old content): bars never overflow, negative amounts draw nothing."""
    price = _amount(price)
    amounts = [_amount(part["amount"]) for part in parts]
    scale_base = max(price, sum((a for a in amounts if a > 0), Decimal(0)))
    kinds = [part["kind"] for part in parts]
    segments = []
    x = 0.0
    for part, amount, colour in zip(parts, amounts, _colours(kinds), strict=True):
        share = (amount * 100 / price).quantize(TENTH, ROUND_HALF_UP) if price else Decimal(0)
        width = float(amount / scale_base * CHART_WIDTH) if scale_base and amount > 0 else 0.0
        segments.append(
            Segment(
                label=part["label"],
                kind=part["kind"],
                kind_label=KIND_LABELS.get(part["kind"], part["kind"]),
                amount=amount,
                money=format_money(amount, currency),
                share=share,
                colour=colour,
                x=round(x, 2),
                width=round(width, 2),
            )
        )
        x += width
    return Chart(
        segments=segments,
        price=format_money(price, currency),
        total=format_money(sum(amounts, Decimal(0)), currency),
    )
