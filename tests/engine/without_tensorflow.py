"""Run in .venv-rasa: Rasa serves this project's model without importing TensorFlow, and a class that
needs TensorFlow (as DIET or TED would use) still gets the real one.

Reads a JSON job on stdin ({"model": path}), prints a JSON result on stdout.
"""

from __future__ import annotations

import asyncio
import json
import sys

from wegweiser_engine.without_tensorflow import install

install()

from rasa.core.agent import load_agent  # noqa: E402


async def main(job: dict) -> dict:
    agent = await load_agent(model_path=job["model"])
    parsed = await agent.parse_message(job["text"])
    served_without = "tensorflow" not in sys.modules
    from rasa.utils.tensorflow.model_data import RasaModelData
    from rasa.utils.train_utils import RasaBatchDataGenerator

    generator = RasaBatchDataGenerator(RasaModelData(), batch_size=1)
    return {
        "intent": parsed["intent"]["name"],
        "served_without_tensorflow": served_without,
        "generator": f"{type(generator).__module__}.{type(generator).__name__}",
        "generator_is_keras_sequence": type(generator).__mro__[-2].__name__,
        "tensorflow_after": "tensorflow" in sys.modules,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(json.load(sys.stdin)))))
