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

    # DIET and TED import these names while the stand-ins are in place, then use them
    from rasa.utils.tensorflow.model_data import RasaModelData
    from rasa.utils.tensorflow.models import RasaDataGenerator
    from rasa.utils.train_utils import RasaBatchDataGenerator

    stood_in = type(RasaDataGenerator).__name__ == "_Deferred"
    batch = RasaDataGenerator.prepare_batch({})
    generator = RasaBatchDataGenerator(RasaModelData(), batch_size=1)
    return {
        "generator_checks_as_its_class": isinstance(generator, RasaBatchDataGenerator),
        "class_attribute_works": stood_in and batch == (),
        "intent": parsed["intent"]["name"],
        "served_without_tensorflow": served_without,
        "generator": f"{type(generator).__module__}.{type(generator).__name__}",
        "tensorflow_after": "tensorflow" in sys.modules,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(json.load(sys.stdin)))))
