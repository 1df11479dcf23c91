from app.core.chat.segments import Code, Prose, split_segments


def test_prose_and_code_alternate() -> None:
    text = "Here:\n\n```python\nprint('hi')\n```\n\nDone."
    assert split_segments(text) == [
        Prose("Here:\n"),
        Code("print('hi')", "python"),
        Prose("\nDone."),
    ]


def test_an_unclosed_fence_is_code_still_growing() -> None:
    assert split_segments("Look\n~~~ Bash extra\nls -l") == [
        Prose("Look"),
        Code("ls -l", "bash", closed=False),
    ]


def test_a_shorter_or_other_fence_does_not_close() -> None:
    text = "````md\n```\ninner\n~~~~\n````"
    assert split_segments(text) == [Code("```\ninner\n~~~~", "md")]


def test_indented_fence_strips_its_indent_and_inline_backticks_stay_prose() -> None:
    assert split_segments("  ```\n  a\n b\n  ```") == [Code("a\nb", "")]
    assert split_segments("``` not `a fence`") == [Prose("``` not `a fence`")]


def test_no_code_is_one_prose_segment() -> None:
    assert split_segments("just text\nmore") == [Prose("just text\nmore")]
    assert split_segments("") == []
