"""The one encoder and checked decoder of a cell's record: every committed result reads back into
the spec's own dataclasses and writes out byte for byte; a value of the wrong kind is refused
naming its field."""
import json
from pathlib import Path

import pytest

from tscbench.errors import ResultsError
from tscbench.protocol.cell import GeneratorRef
from tscbench.protocol.result import Result, TrainedTeacher
from tscbench.specs import DatasetSpec, TaskSpec, TeacherSpec

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = sorted([*ROOT.glob("leaderboards/results/*.json"),
                    *ROOT.glob("docs/reproductions/*/results/*.json")])


def a_result() -> dict:
    return json.loads(next(p for p in COMMITTED if "noise__magic" in p.name).read_text())


def test_every_committed_result_round_trips_through_the_spec_dataclasses():
    assert len(COMMITTED) > 600
    for path in COMMITTED:
        doc = json.loads(path.read_text())
        result = Result.from_json(doc)
        assert isinstance(result.generator, GeneratorRef)
        assert isinstance(result.task, TaskSpec)
        assert isinstance(result.task.dataset, DatasetSpec)
        assert isinstance(result.teacher, TrainedTeacher)
        assert isinstance(result.teacher.spec, TeacherSpec)
        written = result.to_json()
        # files written before results recorded their modality gain that one key, nothing else
        assert written["modality"] == result.modality == result.task.dataset.modality
        if "modality" not in doc:
            written.pop("modality")
        assert written == doc, path.name


def test_the_modality_is_recorded_and_old_files_read_it_from_their_teacher():
    doc = a_result()
    assert "modality" not in doc  # written before it was recorded
    assert Result.from_json(doc).modality == "tabular"
    digits = json.loads(next(p for p in COMMITTED if "__digits__" in p.name).read_text())
    assert Result.from_json(digits).modality == "image"
    assert Result.from_json({**digits, "modality": "image"}).modality == "image"


@pytest.mark.parametrize(("where", "value", "fragment"), [
    (("seed",), "0", "seed = '0' is not a whole number"),
    (("quick",), 1, "quick = 1 is not true or false"),
    (("task", "students"), "1,5", "task.students is a str, not a list"),
    (("task", "test_size"), "0.3", "task.test_size = '0.3' is not a finite number"),
    (("teacher", "test_score"), "high", "teacher.test_score = 'high' is not a finite number"),
    (("teacher", "kind"), "oracle", "teacher.kind = 'oracle' is not one of"),
    (("generator", "params"), [1], "generator.params is a list, not an object"),
    (("generator", "params_hash"), "0123456789ab", "is not the hash of its params"),
    (("students", "train", "20"), 1e400, "students.train.20 = inf is not a finite number"),
    (("students", "train"), {"twenty": 0.9}, "has the key 'twenty', not a whole number"),
    (("fidelity", "fid"), None, "fidelity.fid = None is not a finite number"),
    (("memorisation", "rows"), 1.5, "memorisation.rows = 1.5 is not a whole number"),
    (("modality",), "audio", "modality 'audio' is not one of"),
    # values of the right kind out of their range: never a ranked row
    (("students", "train", "20"), 1e300, "= 1e+300 is outside [0, 1], the range of roc_auc"),
    (("teacher", "test_score"), 1.5, "teacher.test_score = 1.5 is outside [0, 1]"),
    (("fidelity", "precision"), 2.0, "fidelity.precision = 2.0 is outside [0, 1]"),
    (("memorisation", "exact_copies"), -0.1, "memorisation.exact_copies = -0.1 is outside"),
    (("data", "metric"), "f1", "data.metric 'f1' is not one of"),
    (("runtime", "timings"), {"fit": "fast"}, "is not seconds >= 0 per phase"),
    (("runtime", "timings"), {"fit": -1.0}, "is not seconds >= 0 per phase"),
])
def test_a_value_of_the_wrong_kind_is_refused_naming_its_field(where, value, fragment):
    doc = a_result()
    target = doc
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    with pytest.raises(ResultsError, match="not a tscbench result") as info:
        Result.from_json(doc)
    assert fragment in str(info.value)


def test_a_missing_field_is_named():
    doc = a_result()
    del doc["task"]["split_seed"]
    with pytest.raises(ResultsError, match=r"task\.split_seed is missing"):
        Result.from_json(doc)
