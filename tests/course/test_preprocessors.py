from nbformat.v4 import new_code_cell, new_notebook, new_output

from autograder.course.preprocessors import NormalizeOutputs


def test_normalized_outputs_carry_no_timing_widget_state_or_random_ids():
    html = '<img id="_anim_img0123456789abcdef0123456789abcdef"><div id="0123456789abcdef0123456789abcdef">'
    nb = new_notebook(
        cells=[
            new_code_cell(
                "x",
                metadata={"execution": {"iopub.status.busy": "2026"}},
                outputs=[
                    new_output(
                        "display_data",
                        data={"text/html": html, "application/vnd.jupyter.widget-view+json": {"model_id": "f" * 32}},
                    )
                ],
            )
        ]
    )
    nb.metadata["widgets"] = {"state": {}}
    out, _ = NormalizeOutputs().preprocess(nb, {})
    data = out.cells[0].outputs[0].data
    assert "execution" not in out.cells[0].metadata and "widgets" not in out.metadata
    assert "application/vnd.jupyter.widget-view+json" not in data
    assert data["text/html"] == '<img id="_anim_img' + "0" * 32 + '"><div id="' + "0" * 32 + '">'


def test_a_print_split_into_several_messages_is_saved_as_one_output():
    pieces = [
        new_output("stream", name="stdout", text="header"),
        new_output("stream", name="stdout", text="\nrow\n"),
        new_output("stream", name="stderr", text="warning\n"),
        new_output("stream", name="stdout", text="last\n"),
    ]
    nb = new_notebook(cells=[new_code_cell("print(...)", outputs=pieces)])
    out, _ = NormalizeOutputs().preprocess(nb, {})
    assert [(o.name, o.text) for o in out.cells[0].outputs] == [
        ("stdout", "header\nrow\n"),
        ("stderr", "warning\n"),
        ("stdout", "last\n"),
    ]
