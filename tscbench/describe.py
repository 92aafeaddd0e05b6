"""Short human descriptions of a task's teacher and students, from a result's task dict."""
from __future__ import annotations

from typing import Any, Mapping


def is_image(task: Mapping[str, Any]) -> bool:
    return task["teacher"]["kind"] == "cnn"


def student_unit(task: Mapping[str, Any]) -> str:
    """What the numbers of the student ladder count."""
    return "passes" if is_image(task) else "trees"


def student_text(task: Mapping[str, Any]) -> str:
    sizes = ", ".join(map(str, task["students"]))
    if is_image(task):
        return (f"LeNet-5 matching the teacher's logits (L2, Adam 1e-3, batch 256), scored "
                f"after {sizes} passes; train+synthetic mixes minibatches (p_fake = "
                f"{task['p_fake']})")
    return f"random-forest regressors with {sizes} trees fit to the teacher's probabilities"


def teacher_text(teacher: Mapping[str, Any]) -> str:
    """"random_forest (500)" or "cnn (10 epochs, width 32)"."""
    if teacher.get("n_estimators") is None:
        params = teacher["params"]
        return f"{teacher['kind']} ({params['epochs']} epochs, width {params['width']})"
    return f"{teacher['kind']} ({teacher['n_estimators']})"
