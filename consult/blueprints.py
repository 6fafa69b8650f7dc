"""Every blueprint is registered here, in one place."""

from flask import Flask


def register(app: Flask) -> None:
    from consult.account import bp as account
    from consult.advice import manage_bp as advice_manage
    from consult.api import bp as api
    from consult.auth import bp as auth
    from consult.consultations import bp as consultations
    from consult.consultations import manage_bp as consultations_manage
    from consult.cooperation import bp as cooperation
    from consult.cooperation import manage_bp as cooperation_manage
    from consult.events import bp as events
    from consult.events import manage_bp as events_manage
    from consult.library import bp as library
    from consult.library import manage_bp as library_manage
    from consult.mailing.routes import bp as mailing
    from consult.mailing.routes import manage_bp as mailing_manage
    from consult.manage import bp as manage
    from consult.network import bp as network
    from consult.network import manage_bp as network_manage
    from consult.news import bp as news
    from consult.news import manage_bp as news_manage
    from consult.organisations.routes import bp as organisations
    from consult.organisations.routes import manage_bp as organisations_manage
    from consult.pages import bp as pages
    from consult.projects import bp as projects
    from consult.projects import manage_bp as projects_manage
    from consult.research import bp as research
    from consult.research import manage_bp as research_manage
    from consult.research import respond_bp as research_respond

    for blueprint in (pages, auth, account, manage, events, events_manage, consultations,
                      consultations_manage, network, network_manage, cooperation,
                      cooperation_manage, research, research_respond, research_manage,
                      organisations, organisations_manage, advice_manage, library,
                      library_manage, news, news_manage, projects, projects_manage, mailing,
                      mailing_manage, api):
        app.register_blueprint(blueprint)
