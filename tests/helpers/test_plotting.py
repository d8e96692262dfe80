import matplotlib

matplotlib.use("Agg")

from helpers.plotting import OPTIMIZER_COLORS, color_for, plot_histories


def test_every_optimizer_name_has_its_own_colour_in_every_spelling():
    assert {name: color_for(name) for name in OPTIMIZER_COLORS} == OPTIMIZER_COLORS
    assert len(set(OPTIMIZER_COLORS.values())) == len(OPTIMIZER_COLORS)
    assert color_for("RMSprop+momentum") == OPTIMIZER_COLORS["rmsprop+momentum"] != color_for("sgd")
    assert color_for("Adam (lr=0.01)") == color_for("adam")


def test_learning_curves_are_labelled():
    ax = plot_histories({"adam": {"loss": [2.0, 1.0], "val_loss": [2.1, 1.5]}, "sgd": {"loss": [2.0, 1.8]}})
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["adam (train)", "adam (val)", "sgd (train)"]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss"
    assert ax.get_lines()[0].get_color() == OPTIMIZER_COLORS["adam"]
