# The README's quick start: `make demo` and `make test`. Both set up ./.venv first.
.PHONY: demo test setup setup-test clean

demo: setup
	.venv/bin/maillage build examples/docs/ -o out/ --map --report

test: setup-test
	.venv/bin/python -m pytest -q -p no:cacheprovider

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

clean:
	rm -rf out/ .venv/
