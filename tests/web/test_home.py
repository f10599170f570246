"""The home page: each role starts where its work is, and a role without casework is told
plainly what its login is for."""

from django.urls import reverse


def test_it_tells_an_employer_partner_what_their_login_can_do(client, employer_user):
    # given
    client.force_login(employer_user)
    # when
    response = client.get(reverse("home"))
    # then it promises nothing that does not exist and links what does
    assert response.status_code == 200
    page = response.content.decode()
    assert "community impact reports will appear here" not in page
    assert "This is an employer partner's login." in page
    assert f'href="{reverse("accounts:tokens")}"' in page
    assert f'href="{reverse("api-1:openapi-view")}"' in page
    assert "participants' records" in page


def test_it_sends_a_job_developer_to_their_caseload(client, coach):
    # given
    client.force_login(coach)
    # when
    response = client.get(reverse("home"))
    # then
    assert response.status_code == 302
    assert response.url == reverse("people:caseload")
