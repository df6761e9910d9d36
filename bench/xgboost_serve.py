"""The reduced SageMaker XGBoost serving stack for bench/endpoint.sh: a Flask app run by gunicorn with one
worker per core, loading the same model file as the Java server, with the container's /ping and
/invocations (text/csv: split lines and fields, numpy float array, DMatrix, booster.predict, as the
container's encoder.csv_to_dmatrix and serve.py do). Answers one prediction per line, like the Java server.

MODEL_PATH names the XGBoost JSON model.
"""
import json
import os

import flask
import numpy as np
import xgboost as xgb


def _load_booster(path):
    with open(path, "rb") as f:
        model = json.load(f)
    # XGBoost 2+ writes base_score as a vector ("[9.9E0]"); Debian's XGBoost 1.7 reads only a scalar and
    # would silently drop the base score, so write it the old way before loading.
    params = model["learner"]["learner_model_param"]
    params["base_score"] = params["base_score"].strip("[]")
    booster = xgb.Booster()
    booster.load_model(bytearray(json.dumps(model).encode("utf-8")))
    booster.set_param("nthread", 1)  # as the container does: one thread per worker process
    return booster


BOOSTER = _load_booster(os.environ["MODEL_PATH"])
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
        rows = [["nan" if x == "" else x for x in line.split(",")] for line in text.split("\n")]
        matrix = xgb.DMatrix(np.array(rows).astype(float))
        preds = BOOSTER.predict(matrix, validate_features=False)
    except Exception as e:  # the container answers 400 for payloads it cannot evaluate
        return flask.Response(response="Unable to evaluate payload provided: %s" % e, status=400)
    return flask.Response(response="".join("%s\n" % p for p in preds.tolist()), status=200,
                          mimetype="text/csv")
