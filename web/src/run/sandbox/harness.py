# The Python side of the sandbox's Python worker (pythonWorker.ts): runs one program in a
# fresh namespace and, for "Run tests", calls the function under test once per case. Results
# go back as JSON text; the page compares them with the expected values.
import builtins
import copy
import json
import sys
import traceback

SOURCE = "solution.py"
_BUILTINS = dict(builtins.__dict__)


def _restore_builtins():
    # One interpreter serves every run in this browser: undo what a program did to builtins.
    for name in [n for n in builtins.__dict__ if n not in _BUILTINS]:
        del builtins.__dict__[name]
    builtins.__dict__.update(_BUILTINS)


def _print_exception(exc):
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != SOURCE:
        tb = tb.tb_next  # the harness's own frames are noise to the candidate
    traceback.print_exception(type(exc), exc, tb)


def _describe(exc):
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == SOURCE]
    if frames:
        text += f" (line {frames[-1].lineno}, in {frames[-1].name})"
    return text


def _exit_code(exc):
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1


def _run_cases(namespace, function_name, cases):
    function = namespace.get(function_name)
    if not callable(function):
        message = f"No function named {function_name} is defined."
        return [{"name": case["name"], "error": message} for case in cases]
    reports = []
    for case in cases:
        try:
            value = function(*copy.deepcopy(case["args"]))
        except (Exception, SystemExit) as exc:
            reports.append({"name": case["name"], "error": _describe(exc)})
            continue
        try:
            reports.append({"name": case["name"], "json": json.dumps(value, allow_nan=False)})
        except (TypeError, ValueError):
            reports.append({"name": case["name"], "printed": repr(value)})
    return reports


def run(code, mode, function_name, cases_json):
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    exit_code = 0
    reports = None
    try:
        try:
            exec(compile(code, SOURCE, "exec"), namespace)
        except SystemExit as exc:
            exit_code = _exit_code(exc)
        except BaseException as exc:
            _print_exception(exc)
            exit_code = 1
        if mode == "tests" and exit_code == 0:
            reports = _run_cases(namespace, function_name, json.loads(cases_json))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        _restore_builtins()
    return json.dumps({"exit_code": exit_code, "cases": reports})
