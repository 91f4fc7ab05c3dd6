from evals.metrics.cost import latency, tokens


def test_latency_and_tokens_are_raw_measurements():
    assert latency(1.23456).value == 1.235 and latency(1.0).unit == "s"
    result = tokens(900, 100)
    assert result.value == 1000.0 and result.unit == "tokens"


def test_missing_figures_are_not_measured_rather_than_zero():
    assert latency(None).value is None
    assert tokens(None, 5).value is None
