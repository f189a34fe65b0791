"""Synthetic Vietnamese names for demo data, built from common family, middle and
given names (Faker's vi_VN mixes them oddly). Every demo person is fictitious."""

import random

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Nông",
    "Hà",
    "Lương",
    "Triệu",
    "Ma",
    "Lò",
    "Hứa",
]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Ngọc", "Thanh", "Xuân", "Công", "Đình"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Kim", "Thùy", "Phương", "Diệu"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hùng",
    "Huy",
    "Khánh",
    "Long",
    "Mạnh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Tiến",
    "Toàn",
    "Tuấn",
    "Việt",
]
GIVEN_FEMALE = [
    "Anh",
    "Ánh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Thảo",
    "Trang",
    "Yến",
]


def person_name(rng: random.Random, female: bool) -> str:
    family = rng.choice(FAMILY)
    if female:
        return f"{family} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"
    return f"{family} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
