"""The reduced SageMaker XGBoost serving stack for bench/endpoint.sh: a Flask app run by gunicorn with one
worker per core, serving the same model version as the Java endpoint, from the same artifacts:

- MODEL_TAR names the version's xgboost container artifact (model.tar.gz); the XGBoost JSON model
  `xgboost-model` is read from it, as the SageMaker XGBoost container does.
- PREPROCESSOR names the version's preprocessor container artifact (preprocessor.json, format
  mlops-feature-transform/1): median imputation and standard scaling of the numeric columns, one-hot of the
  categorical ones (sorted categories, unknown -> all zeros), numeric outputs first. Applied here in numpy
  before booster.predict, standing in for the inference pipeline's scikit-learn container.

/ping and /invocations follow the container (text/csv: split lines and fields, numpy arrays, DMatrix,
booster.predict, as encoder.csv_to_dmatrix and serve.py do). Answers one prediction per line, like the Java
endpoint: the float32 prediction printed as the shortest repr of its double value.
"""
import io
import json
import os
import tarfile

import flask
import numpy as np
import xgboost as xgb

MISSING_TEXT = {"", "na", "n/a", "nan", "null"}


def _load_booster(tar_path):
    with tarfile.open(tar_path, "r:gz") as tar:
        member = tar.getmember("xgboost-model")
        model = json.load(io.TextIOWrapper(tar.extractfile(member), encoding="utf-8"))
    # XGBoost 2+ writes base_score as a vector ("[9.9E0]"); Debian's XGBoost 1.7 reads only a scalar and
    # would silently drop the base score, so write it the old way before loading.
    params = model["learner"]["learner_model_param"]
    params["base_score"] = params["base_score"].strip("[]")
    booster = xgb.Booster()
    booster.load_model(bytearray(json.dumps(model).encode("utf-8")))
    booster.set_param("nthread", 1)  # as the container does: one thread per worker process
    return booster


class Preprocessor:
    """preprocessor.json applied in numpy: the same arithmetic as the Java FeatureTransform (double, then float32)."""

    def __init__(self, path):
        with open(path, "r", encoding="utf-8") as f:
            spec = json.load(f)
        if spec.get("format") != "mlops-feature-transform/1":
            raise ValueError("unknown preprocessor format %r" % spec.get("format"))
        numeric = spec.get("numeric") or []
        categorical = spec.get("categorical") or []
        self.width = len(numeric) + len(categorical)
        self.num_index = np.array([c["index"] for c in numeric], dtype=np.intp)
        self.median = np.array([c["median"] for c in numeric], dtype=np.float64)
        self.mean = np.array([c["mean"] for c in numeric], dtype=np.float64)
        self.scale = np.array([c["scale"] for c in numeric], dtype=np.float64)
        self.categorical = []
        offset = len(numeric)
        for c in categorical:
            self.categorical.append((c["index"], offset, {v: i for i, v in enumerate(c["categories"])}))
            offset += len(c["categories"])
        self.out_width = offset

    def transform(self, rows):
        """rows: lists of text fields, one per input column -> float32 matrix of the transformed features."""
        n = len(rows)
        for r, fields in enumerate(rows):
            if len(fields) != self.width:
                raise ValueError("row %d has %d columns, expected %d" % (r + 1, len(fields), self.width))
        out = np.zeros((n, self.out_width), dtype=np.float32)
        if len(self.num_index):
            text = np.array(rows, dtype=object)[:, self.num_index]
            text[np.isin(np.char.lower(text.astype(str)), list(MISSING_TEXT))] = "nan"
            values = text.astype(np.float64)
            values = np.where(np.isnan(values), self.median, values)
            out[:, :len(self.num_index)] = ((values - self.mean) / self.scale).astype(np.float32)
        for index, offset, positions in self.categorical:
            for r, fields in enumerate(rows):
                value = fields[index].strip()
                if value.lower() in MISSING_TEXT:
                    value = "missing"
                position = positions.get(value)
                if position is not None:
                    out[r, offset + position] = 1.0
        return out


BOOSTER = _load_booster(os.environ["MODEL_TAR"])
PREPROCESSOR = Preprocessor(os.environ["PREPROCESSOR"])
app = flask.Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 6 * 1024 * 1024


@app.route("/ping", methods=["GET"])
def ping():
    return flask.Response(status=200)


@app.route("/invocations", methods=["POST"])
def invocations():
    payload = flask.request.get_data()
    if flask.request.content_type is None or not flask.request.content_type.startswith("text/csv"):
        return flask.Response(response="send text/csv", status=415)
    try:
        text = payload.strip().decode("utf-8")
        rows = [line.rstrip("\r").split(",") for line in text.split("\n") if line.strip()]
        matrix = xgb.DMatrix(PREPROCESSOR.transform(rows), missing=np.nan)
        preds = BOOSTER.predict(matrix, validate_features=False)
    except Exception as e:  # the container answers 400 for payloads it cannot evaluate
        return flask.Response(response="Unable to evaluate payload provided: %s" % e, status=400)
    return flask.Response(response="".join("%r\n" % p for p in preds.tolist()), status=200,
                          mimetype="text/csv")
