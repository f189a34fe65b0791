"""Folding for search and Vietnamese name order."""

import pytest

from ketnap.core.text import fold, normalize, sort_key, split_name


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đảng bộ xã Cao Minh", "dang bo xa cao minh"),
        ("CAO MINH", "cao minh"),
        ("  Đồng   Tiến ", "dong tien"),
        ("Tuye\u0302\u0301t", "tuyet"),  # NFD input from Word/Unikey
        ("", ""),
        (None, ""),
    ],
)
def test_fold(text: str | None, folded: str) -> None:
    assert fold(text) == folded


def test_normalize_makes_nfc_and_single_spaces() -> None:
    assert normalize("Tuye\u0302\u0301t   Mai") == "Tuyết Mai"


def test_split_name() -> None:
    assert split_name("Nguyễn Thị Minh Khai") == ("Nguyễn Thị Minh", "Khai")
    assert split_name("Khai") == ("", "Khai")


def test_sort_by_given_name_then_family_in_vietnamese_alphabet_order() -> None:
    names = [
        "Lý Thị Đào",
        "Đỗ Văn Dũng",
        "Nguyễn Văn Bình",
        "Trần Thị Ánh",
        "Hoàng Đức Anh",
        "Vũ Thị Ăn",
        "Phạm Thị Ân",
        "Nguyễn Văn An",
        "Bùi Văn An",
    ]
    assert sorted(names, key=sort_key) == [
        "Bùi Văn An",
        "Nguyễn Văn An",
        "Hoàng Đức Anh",
        "Trần Thị Ánh",
        "Vũ Thị Ăn",
        "Phạm Thị Ân",
        "Nguyễn Văn Bình",
        "Đỗ Văn Dũng",
        "Lý Thị Đào",
    ]


def test_tones_order_none_huyen_hoi_nga_sac_nang() -> None:
    names = ["A Vă Mạ", "A Vă Ma", "A Vă Má", "A Vă Mã", "A Vă Mà", "A Vă Mả"]
    assert [n.split()[-1] for n in sorted(names, key=sort_key)] == ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
