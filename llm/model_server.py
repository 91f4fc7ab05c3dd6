"""llama-cpp-python's OpenAI-compatible server, started the way Sideline loads models.

``python -m llm.model_server --model FILE --host 127.0.0.1 --port N`` takes the same
arguments as ``python -m llama_cpp.server``; it only keeps weight repacking off (see
``llm.local``), so the server does not crash on CPUs whose AMX kernels fail.
"""

from __future__ import annotations

from llm.local import without_weight_repacking


def main() -> None:
    from llama_cpp.server.__main__ import main as serve

    with without_weight_repacking():
        serve()


if __name__ == "__main__":
    main()
