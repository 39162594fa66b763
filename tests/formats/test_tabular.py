"""CSV/TSV, JSONL and JSON-array readers: mapping, messy cells, skipped rows, keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainer.domain import AnswerKind
from trainer.errors import DeckFormatError
from trainer.formats.detect import read_any
from trainer.formats.options import ReadOptions, parse_field_map
from trainer.formats.row_mapping import prompt_key
from trainer.formats.tabular import read_csv, read_json, read_jsonl, read_tsv


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_messy_csv_bom_crlf_quotes_padding_and_comma_space(tmp_path: Path) -> None:
    text = (
        "\ufeffid, Front , Back, tags\r\n"
        "a1,  What is 2+2? ,  4 , maths; easy\r\n"
        'a2, "Name the colours,\r\nplease", "red, green", \r\n'
        "a3, No answer here, , x\r\n"
        "\r\n"
        'a4, "He said ""hi""", hi, \r\n'
    )
    batch = read_csv(write(tmp_path, "cards.csv", text))
    deck = batch.decks[0]
    assert (deck.key, deck.name) == ("cards", "cards")
    got = [(p.key, p.prompt, p.answer, p.tags) for p in deck.problems]
    assert got == [
        ("a1", "What is 2+2?", "4", ("maths", "easy")),
        ("a2", "Name the colours,\nplease", "red, green", ()),
        ("a4", 'He said "hi"', "hi", ()),
    ]
    # The multi-line cell takes two lines: the row after it is on line 5.
    assert [str(s) for s in batch.skipped] == [
        f"{tmp_path / 'cards.csv'}:5: no answer (empty or missing)"
    ]


def test_mapping_names_columns_case_insensitively_and_joins(tmp_path: Path) -> None:
    path = write(tmp_path, "geo.csv", "Country,Capital,Region\nFrance,Paris,Europe\n")
    options = ReadOptions(
        field_map=parse_field_map(["prompt=country", "answer=CAPITAL", "tags=Region"]),
        deck_name="Capitals",
    )
    deck = read_csv(path, options).decks[0]
    assert (deck.key, deck.name) == ("capitals", "Capitals")
    assert [(p.prompt, p.answer, p.tags) for p in deck.problems] == [
        ("France", "Paris", ("Europe",))
    ]
    with pytest.raises(
        DeckFormatError, match="no column 'Town'; the columns are: Country, Capital"
    ):
        read_csv(path, ReadOptions(field_map={"prompt": "Country", "answer": "Town"}))
    with pytest.raises(
        DeckFormatError, match=r"geo.csv:1: no column for the prompt.*--map prompt="
    ):
        read_csv(path)


def test_two_columns_without_known_names_are_prompt_then_answer(tmp_path: Path) -> None:
    deck = read_csv(write(tmp_path, "x.csv", "word,meaning\nchat,cat\n")).decks[0]
    assert [(p.prompt, p.answer) for p in deck.problems] == [("chat", "cat")]


def test_tsv_and_delimiter_sniffing(tmp_path: Path) -> None:
    tsv = write(tmp_path, "t.tsv", "question\tanswer\tkind\n1/2 + 1/4?\t3/4\tfraction\n")
    problem = read_tsv(tsv).decks[0].problems[0]
    assert (problem.answer, problem.kind) == ("3/4", AnswerKind.RATIONAL)
    semi = write(tmp_path, "s.csv", "question;answer\n2*3;6\n")
    assert read_csv(semi).decks[0].problems[0].answer == "6"


def test_keys_without_id_are_a_stable_hash_of_the_prompt(tmp_path: Path) -> None:
    first = read_csv(write(tmp_path, "a.csv", "q,a\nWhat  is\t1+1?,2\nWhat is 1+1?,2\nOther,3\n"))
    keys = [p.key for p in first.decks[0].problems]
    assert keys == [prompt_key("What is 1+1?"), prompt_key("Other")]
    assert keys[0].startswith("h-") and keys[0] == prompt_key(" What is 1+1? ")
    assert "duplicate prompt" in first.skipped[0].reason and first.skipped[0].location.endswith(
        ":3"
    )
    again = read_csv(write(tmp_path, "b.csv", "q,a\nOther,3\n"))
    assert again.decks[0].problems[0].key == keys[1]


def test_bad_kind_is_a_skipped_row(tmp_path: Path) -> None:
    batch = read_csv(write(tmp_path, "k.csv", "prompt,answer,kind\np,1,integer\nq,2,bogus\n"))
    assert [p.kind for p in batch.decks[0].problems] == [AnswerKind.INTEGER]
    assert "unknown kind 'bogus'" in batch.skipped[0].reason


def test_unclosed_quote_is_an_error_naming_the_row(tmp_path: Path) -> None:
    path = write(tmp_path, "q.csv", 'prompt,answer\nok,1\n"open,' + "x" * 200_000 + "\n")
    with pytest.raises(DeckFormatError, match=r"q.csv:3: cannot read this row"):
        read_csv(path)


def test_jsonl_dotted_paths_marker_and_bad_lines(tmp_path: Path) -> None:
    rows = [
        {"question": "Eggs?", "answer": "16 - 3 = <<16-3=13>>13\n#### 1,450,000"},
        {"question": "Negative?", "answer": "so\n#### -7"},
        {"question": "No marker", "answer": "42"},
        "not an object",
    ]
    text = "\n".join(json.dumps(r) for r in rows) + "\n{broken\n\n"
    batch = read_jsonl(write(tmp_path, "gsm.jsonl", text), ReadOptions(answer_marker="####"))
    problems = batch.decks[0].problems
    assert [(p.answer, p.solution) for p in problems] == [("1450000", "16 - 3 = 13"), ("-7", "so")]
    assert [(s.location.rsplit(":", 1)[1], s.reason.split(" (")[0]) for s in batch.skipped] == [
        ("3", "answer has no '####' marker"),
        ("4", "expected a JSON object {...}"),
        ("5", "not valid JSON"),
    ]
    nested = write(
        tmp_path,
        "n.jsonl",
        json.dumps({"meta": {"uid": "u-1"}, "q": {"text": "2+2"}, "answers": ["4", "four"]}) + "\n",
    )
    options = ReadOptions(field_map={"prompt": "q.text", "answer": "answers.0", "id": "meta.uid"})
    problem = read_jsonl(nested, options).decks[0].problems[0]
    assert (problem.key, problem.prompt, problem.answer) == ("u-1", "2+2", "4")


def test_jsonl_that_is_not_json_at_all_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DeckFormatError, match=r"x.jsonl:1"):
        read_jsonl(write(tmp_path, "x.jsonl", "hello\nworld\n"))


def test_json_array_with_line_numbers_floats_and_joined_prompt(tmp_path: Path) -> None:
    data = [
        {
            "ID": "s-1",
            "Body": "Tom has 5 apples.",
            "Question": "He eats 2. How many?",
            "Answer": 3.0,
        },
        {"ID": "s-2", "Body": "Half of 5.", "Question": "What is it?", "Answer": 2.5},
        {"ID": "s-3", "Body": "No answer", "Question": "?"},
    ]
    path = write(tmp_path, "svamp.json", json.dumps(data, indent=4))
    options = ReadOptions(field_map={"prompt": "Body+Question", "answer": "Answer", "id": "ID"})
    batch = read_json(path, options)
    got = [(p.key, p.prompt, p.answer) for p in batch.decks[0].problems]
    assert got == [
        ("s-1", "Tom has 5 apples.\n\nHe eats 2. How many?", "3"),
        ("s-2", "Half of 5.\n\nWhat is it?", "2.5"),
    ]
    assert batch.skipped[0].location == f"{path}:14"  # where its "{" opens
    with pytest.raises(DeckFormatError, match=r"bad.json:3: not valid JSON"):
        read_json(write(tmp_path, "bad.json", '[\n{"a": 1},\n{"a": }\n]'), options)
    with pytest.raises(DeckFormatError, match="expected a JSON array"):
        read_json(write(tmp_path, "obj.json", '{"a": 1}'), options)


def test_bad_field_map_pairs() -> None:
    with pytest.raises(DeckFormatError) as caught:
        parse_field_map(["prompt", "colour=x", "answer=Back"])
    assert len(caught.value.problems) == 2
    assert "expected FIELD=SOURCE" in str(caught.value) and "unknown field 'colour'" in str(
        caught.value
    )


def test_anki_plain_text_export_with_directives(tmp_path: Path) -> None:
    text = (
        "#separator:tab\n#html:true\n#tags column:3\n#guid column:4\n"
        "What is <b>2&nbsp;+&nbsp;2</b>?\t4\tmaths easy\tg1\n"
        "Capital of \\(\\mathbb{F}\\)rance\tParis\tgeo\tg2\n"
        "\tno prompt\t\tg3\n"
    )
    batch = read_csv(write(tmp_path, "anki.txt", text))
    got = [(p.key, p.prompt, p.answer, p.tags) for p in batch.decks[0].problems]
    assert got == [
        ("g1", "What is 2 + 2?", "4", ("maths", "easy")),
        ("g2", "Capital of $\\mathbb{F}$rance", "Paris", ("geo",)),
    ]
    assert batch.skipped[0].location.endswith("anki.txt:7")
    with_columns = "#separator:Semicolon\n#columns:Question;Answer\nSix times seven?;42\n"
    problem = (
        read_any(write(tmp_path, "cols.txt", with_columns), ReadOptions()).decks[0].problems[0]
    )
    assert (problem.prompt, problem.answer) == ("Six times seven?", "42")
