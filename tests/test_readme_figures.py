"""The README's figures about the published board are read from the board: each claim below is
the README's own words with the numbers filled in from the committed results, so a re-published
board whose numbers moved fails here until the README says what the board says."""
from pathlib import Path

import pytest

from tscbench.report.headline import FLOOR
from tscbench.report.standings import overall_ranks

from conftest import board_standings

ROOT = Path(__file__).resolve().parents[1]
README = " ".join((ROOT / "README.md").read_text().split())  # line breaks do not matter


@pytest.fixture(scope="module")
def board():
    return {t.name: t for t in board_standings()[1]}


def summary(board, task: str, generator: str):
    for row in board[task].all_rows:
        if row.summary.generator == generator and (
                generator != FLOOR.generator or FLOOR.matches(generator, row.params)):
            return row
    raise AssertionError(f"no {generator} row on {task}")


def at_k(board, task: str, generator: str, field: str) -> float:
    s = summary(board, task, generator).summary
    value = getattr(s, field)[s.reference_student]
    return value.mean if hasattr(value, "mean") else value[0]


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def says(fragment: str) -> None:
    assert " ".join(fragment.split()) in README, fragment


def test_mean_ranks_on_tables(board):
    ranked, _ = overall_ranks([t for t in board.values() if t.modality.name == "tabular"])
    rank = {label.split()[0]: mean for label, mean, _ in ranked}
    says(f"`munge` ranks first (mean rank {rank['munge']:.2f};")
    says(f"then `mixup` ({rank['mixup']:.2f}; near copies)")
    says(f"the adversarial random forest `arf` ({rank['arf']:.2f}), best on adult")
    says(f"and sequential CART `cart` ({rank['cart']:.2f}); then `ddpm` ({rank['ddpm']:.2f}), "
         f"`gmm` ({rank['gmm']:.2f}), the Gaussian copula `copula` ({rank['copula']:.2f}), "
         f"`forest_flow` ({rank['forest_flow']:.2f}), `gan` ({rank['gan']:.2f}), `vae` "
         f"({rank['vae']:.2f}) and the `tvae` plugin ({rank['tvae']:.2f})")
    assert [label.split()[0] for label, _, _ in ranked] == [
        "munge", "mixup", "arf", "cart", "ddpm", "gmm", "copula", "forest_flow", "gan", "vae",
        "tvae"]
    says(f"best on adult (TSC Score {at_k(board, 'adult', 'arf', 'tsc'):.3f})")
    assert board["adult"].rows[0].summary.generator == "arf"


def test_who_is_clearly_above_the_floor(board):
    ranked = [name for name, t in board.items() if t.ranked and t.modality.name == "tabular"]
    clear = {g: sorted(t for t in ranked if summary(board, t, g).to_floor.low > 0)
             for g in ("arf", "cart", "copula", "ddpm", "gan", "vae", "gmm")}
    assert not [row.summary.generator for row in board["breast_cancer"].rows
                if row.to_floor.low > 0]
    for g in ("arf", "cart", "copula", "ddpm", "gan", "vae"):
        assert sorted(set(ranked) - set(clear[g])) == ["breast_cancer"], (g, clear[g])
    assert sorted(set(ranked) - set(clear["gmm"])) == ["breast_cancer", "spambase"]
    says("No generator is clearly above the noise floor on breast_cancer; `arf`, `cart`, "
         "`copula`, `ddpm`, `gan` and `vae` are on every other ranked table, `gmm` on all but "
         "spambase.")
    best = board["breast_cancer"].rows
    tied = [r for r in best[1:] if not r.difference.excludes_zero]
    says(f"on `breast_cancer`, ranked at 5 trees, `{best[0].summary.generator}` is best and "
         f"{['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'][len(tied)]} "
         f"contenders tie with it.")


def test_the_gan_against_the_floor(board):
    tsc = {g: at_k(board, "letter", g, "tsc") for g in ("gan", "noise", "munge")}
    says(f"letter (TSC Score {tsc['gan']:.3f} against the floor's {tsc['noise']:.3f} and "
         f"munge's {tsc['munge']:.3f})")
    over = {t: at_k(board, t, "gan", "over_noise") for t in board if board[t].modality.name == "tabular"}
    below = sorted(t for t, v in over.items() if v < 0)
    assert below == ["adult", "diamonds", "letter", "spambase"]
    gaps = [-over[t] for t in below]
    says(f"by {min(gaps):.4f} to {max(gaps):.4f} AUC or accuracy")
    says(f"more on magic ({over['magic']:+.4f}), breast_cancer ({over['breast_cancer']:+.4f}) "
         f"and german ({over['german']:+.4f})")


def test_raw_lifts_on_magic(board):
    lift = {g: at_k(board, "magic", g, "lift") for g in ("noise", "munge", "gan", "bootstrap")}
    over = at_k(board, "magic", "gan", "over_noise")
    says(f"Gaussian noise lifts the student by {lift['noise']:+.4f} AUC, MUNGE by "
         f"{lift['munge']:+.4f}, our GAN by {lift['gan']:+.4f} (only {over:+.4f} more than "
         f"noise), and nine copies of train *lower* it ({lift['bootstrap']:+.4f})")


def test_images_and_the_inception_score(board):
    tsc = {(t, g): at_k(board, t, g, "tsc") for t in ("digits", "mnist5k")
           for g in ("gan", "vae", "prototypes")}
    says(f"the GAN scores {tsc['digits', 'gan']:.3f} (digits) and {tsc['mnist5k', 'gan']:.3f} "
         f"(mnist5k)")
    says(f"the VAE {tsc['digits', 'vae']:.3f} and {tsc['mnist5k', 'vae']:.3f}")
    inception = {(t, g): summary(board, t, g).summary.fidelity["inception_score"][0]
                 for t in ("digits", "mnist5k") for g in ("real", "prototypes")}
    says(f"(digits {inception['digits', 'prototypes']:.2f} vs {inception['digits', 'real']:.2f}, "
         f"mnist5k {inception['mnist5k', 'prototypes']:.2f} vs {inception['mnist5k', 'real']:.2f})")
    says(f"({tsc['digits', 'prototypes']:.3f} and {tsc['mnist5k', 'prototypes']:.3f}; the 5-seed "
         f"board)")


def test_forest_flow_on_the_tables(board):
    tables = sorted(n for n, t in board.items() if t.modality.name == "tabular")
    has = [t for t in tables if any(r.summary.generator == "forest_flow" for r in board[t].rows)]
    assert has == tables
    places = {t: [r.summary.generator for r in board[t].rows].index("forest_flow") + 1
              for t in has}
    others = [t for t in has if t != "adult"]
    sizes = {len(board[t].rows) for t in others}
    tsc = {t: at_k(board, t, "forest_flow", "tsc") for t in has}
    says(f"It ranks {ordinal(places['adult'])} of {len(board['adult'].rows)} on adult (TSC Score "
         f"{tsc['adult']:.3f}, behind `arf`)")
    assert board["adult"].rows[0].summary.generator == "arf"
    low = min(others, key=tsc.get)
    high = max(others, key=tsc.get)
    says(f"{ordinal(min(places[t] for t in others))} to {ordinal(max(places[t] for t in others))} of "
         f"{sizes.pop()} on the other tables (TSC Score {tsc[low]:.3f} on {low} to "
         f"{tsc[high]:.3f} on {high})")
    clear = sorted(t for t in has if board[t].ranked
                   and summary(board, t, "forest_flow").to_floor.low > 0)
    assert clear == ["adult", "diamonds", "letter", "magic", "spambase"]
    assert summary(board, "breast_cancer", "forest_flow").to_floor.low <= 0
    seconds = {t: summary(board, t, "forest_flow").summary.seconds for t in has}
    fit = {t: s["fit"] for t, s in seconds.items()}
    slow_fit, fast_fit = max(fit, key=fit.get), min(fit, key=fit.get)
    draw = max(seconds, key=lambda t: seconds[t]["sample"])
    says(f"fits of {fit[fast_fit]:.0f} s ({fast_fit}) to {fit[slow_fit]:.0f} s ({slow_fit}), "
         f"draws of up to {seconds[draw]['sample']:.0f} s ({draw})")


def test_the_plugin_rows(board):
    ranked, _ = overall_ranks([t for t in board.values() if t.modality.name == "tabular"])
    assert ranked[-1][0].split()[0] == "tvae"
    says(f"`tvae` ranks last of the {len(ranked)} ranked rows")
    tsc = {(t, g): at_k(board, t, g, "tsc") for t in board if board[t].modality.name == "tabular"
           for g in ("tvae", "noise")}
    unclear = sorted(t for t in board if board[t].ranked and board[t].modality.name == "tabular"
                     and summary(board, t, "tvae").to_floor.low <= 0)
    assert unclear == ["breast_cancer", "diamonds", "spambase"]
    says(f"not clearly above the noise floor on diamonds (TSC Score {tsc['diamonds', 'tvae']:.3f} "
         f"against {tsc['diamonds', 'noise']:.3f}), spambase ({tsc['spambase', 'tvae']:.3f} "
         f"against {tsc['spambase', 'noise']:.3f}) or breast_cancer; on letter it is "
         f"({tsc['letter', 'tvae']:.3f} against {tsc['letter', 'noise']:.3f})")
    place = {t: [r.summary.generator for r in board[t].rows].index("ctgan") + 1
             for t in ("diamonds", "magic", "spambase", "letter")}
    assert (place["magic"], place["spambase"]) == (10, 10)
    says(f"`ctgan` ranks {ordinal(place['diamonds'])} of {len(board['diamonds'].rows)} on diamonds "
         f"({at_k(board, 'diamonds', 'ctgan', 'tsc'):.3f}, above `gan` and `vae`), 10th on magic "
         f"and spambase and {ordinal(place['letter'])} on letter")
    diamonds = [r.summary.generator for r in board["diamonds"].rows]
    assert diamonds.index("ctgan") < min(diamonds.index("gan"), diamonds.index("vae"))
