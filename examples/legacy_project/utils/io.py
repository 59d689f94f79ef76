"""File helpers; no Keras here, so kerasmigrate leaves this file byte-identical."""
import json
import os


def save_history(history, path):
    with open(os.path.join(path, "history.json"), "w") as handle:
        json.dump(history, handle)
