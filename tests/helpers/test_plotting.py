"""helpers.plotting: one colour per method in every figure, and labelled learning curves."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from helpers.plotting import (
    INITIALIZER_COLORS,
    OPTIMIZER_COLORS,
    REGULARIZATION_COLORS,
    color_for,
    colors_for,
    plot_histories,
)


def test_every_method_has_its_own_colour_in_every_spelling():
    for table in (OPTIMIZER_COLORS, INITIALIZER_COLORS):
        assert {name: color_for(name) for name in table} == table
        assert len(set(table.values())) == len(table)
    assert color_for("RMSprop+momentum") == OPTIMIZER_COLORS["rmsprop+momentum"] != color_for("sgd")
    assert color_for("Adam (lr=0.01)") == color_for("adam")
    assert color_for("he_normal (yours)") == color_for("He Normal") == INITIALIZER_COLORS["he_normal"]
    assert color_for("N(0, 0.01²)") != color_for("N(0, 1)")


def test_unknown_names_fall_back_by_index():
    assert color_for("something else", 1) != color_for("something else", 2)


def test_colors_for_keeps_course_colours_and_never_repeats_one():
    colours = colors_for(["mine", "constant", "zeros", "glorot_uniform"])
    assert colours["constant"] == INITIALIZER_COLORS["constant"] and colours["zeros"] == INITIALIZER_COLORS["zeros"]
    assert len(set(colours.values())) == 4, "a spare colour is never one of a method in the same figure"
    assert list(colours) == ["mine", "constant", "zeros", "glorot_uniform"]
    many = colors_for([f"run {i}" for i in range(14)])
    assert len(set(many.values())) == 14 and not set(many.values()) & set(OPTIMIZER_COLORS.values()) - {
        OPTIMIZER_COLORS["student"]
    }


def test_learning_curves_are_labelled():
    ax = plot_histories({"adam": {"loss": [2.0, 1.0], "val_loss": [2.1, 1.5]}, "sgd": {"loss": [2.0, 1.8]}})
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["adam (train)", "adam (val)", "sgd (train)"]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"
    assert ax.get_lines()[0].get_color() == OPTIMIZER_COLORS["adam"]
    assert ax.get_lines()[1].get_linestyle() == "--"
    plt.close("all")


@pytest.mark.parametrize("validation", [True, False])
def test_learning_curves_of_any_metric_with_given_colours_and_limits(validation):
    runs = {"L1": {"ce": [1.0, 0.5], "val_ce": [1.1, 0.7]}, "L2": {"ce": [1.0, 0.6], "val_ce": [1.2, 0.8]}}
    ax = plot_histories(
        runs, "ce", validation=validation, ylabel="cross-entropy", colors={"L1": "tab:red"}, ylim=(0, 1.2), title="t"
    )
    lines = ax.get_lines()
    assert len(lines) == (4 if validation else 2)
    assert lines[0].get_label() == ("L1 (train)" if validation else "L1") and lines[0].get_color() == "tab:red"
    assert lines[-1].get_color() != "tab:red"
    assert ax.get_ylabel() == "cross-entropy" and ax.get_ylim() == (0, 1.2) and ax.get_title() == "t"
    assert len(ax.get_legend().get_texts()) == len(lines)
    plt.close("all")


def test_epochs_are_ticked_at_integers_and_the_legend_hides_no_curve():
    ax = plot_histories({"adam": {"loss": [2.0, 1.5, 1.2, 1.0]}})  # 4 epochs: matplotlib would tick 1.5, 2.5
    ax.figure.canvas.draw()
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks), ticks
    legend = ax.get_legend().get_window_extent()
    assert legend.y1 <= ax.get_window_extent().y0, "the legend is below the axes, not on the curves"
    plt.close("all")


def test_each_regularization_has_its_own_colour():
    assert len(set(REGULARIZATION_COLORS.values())) == len(REGULARIZATION_COLORS)
