from portal import create_app


def test_healthz_answers_200_with_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["database"] == "ok"


def test_healthz_answers_503_without_the_database(tmp_path):
    unreachable = f"sqlite:///{tmp_path}/missing-folder/portal.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": unreachable, "SECRET_KEY": "x"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
