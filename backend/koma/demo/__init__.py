"""Demo data: one municipality, its staff, a coordinator, three workers and a 200-item job."""

DEMO_PASSWORD = "koma-demo"

# (role label, username, password): printed by the launcher so a newcomer can log in at once.
LOGINS = [
    ("自治体職員 (郡山市)", "koriyama", DEMO_PASSWORD),
    ("コーディネーター", "coordinator", DEMO_PASSWORD),
    ("ワーカー", "hanako", DEMO_PASSWORD),
    ("ワーカー", "taro", DEMO_PASSWORD),
    ("ワーカー", "yuki", DEMO_PASSWORD),
    ("運営管理者 (Django admin)", "admin", DEMO_PASSWORD),
]
