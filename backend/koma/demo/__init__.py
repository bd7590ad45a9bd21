"""Demo data: one municipality, its staff, a coordinator, three workers and a 200-item job."""

DEMO_PASSWORD = "koma-demo"

# (role label, username, password): printed by the launcher so a newcomer can log in at once.
LOGINS = [
    ("自治体職員 (郡山市)", "koriyama", DEMO_PASSWORD),
    ("コーディネーター", "coordinator", DEMO_PASSWORD),
    ("ワーカー (毎日いつでも)", "hanako", DEMO_PASSWORD),
    ("ワーカー (火・木 10:00–12:00)", "taro", DEMO_PASSWORD),
    ("ワーカー (平日 20:00–22:00)", "yuki", DEMO_PASSWORD),
    ("運営管理者 (Django admin)", "admin", DEMO_PASSWORD),
]

# The week each demo worker declares (weekday Monday = 0, "HH:MM" in Japan time). hanako can
# work at any hour, so a newcomer can claim whenever they try the demo; taro keys while the
# children are at kindergarten; yuki after they are asleep.
DEMO_WEEKS = {
    "hanako": [(d, "00:00", "24:00") for d in range(7)],
    "taro": [(1, "10:00", "12:00"), (3, "10:00", "12:00")],
    "yuki": [(d, "20:00", "22:00") for d in range(5)],
}
