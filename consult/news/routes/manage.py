"""Staff: news posts — the list (drafts too), writing, editing, publishing, withdrawing and
deleting."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.core.forms import ButtonForm
from consult.core.pagination import paginate
from consult.core.permissions import staff_required
from consult.core.security import csrf_checked_by_form
from consult.extensions import db
from consult.news import manage_bp, queries, services
from consult.news.forms import PostForm
from consult.news.models import NewsPost


@manage_bp.get("/")
@staff_required
def index():
    page = paginate(queries.all_posts(), request.args.get("page", type=int))
    return render_template("news/manage/index.html", page=page, button=ButtonForm())


def _form_page(post: NewsPost, form: PostForm):
    if form.validate_on_submit():
        upload = form.image.data
        limit = services.MAX_IMAGE_MB * 1024 * 1024
        try:
            services.save_post(
                post, title=form.title.data, lead=form.lead.data or "",
                body=form.body.data or "", project_id=form.project_id.data or None,
                image_alt=form.image_alt.data or "", author=current_user,
                image=upload.read(limit + 1) if upload else None,
                remove_image=form.remove_image.data)
        except services.NewsError as error:
            form[error.field].errors.append(str(error))
        else:
            db.session.commit()
            flash(_("“%(title)s” is saved.", title=post.title), "success")
            return redirect(url_for(".index"))
    return render_template("news/manage/form.html", form=form, post=post,
                           max_mb=services.MAX_IMAGE_MB)


@manage_bp.route("/new", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def new():
    return _form_page(NewsPost(), PostForm())


@manage_bp.route("/<int:post_id>/edit", methods=["GET", "POST"])
@csrf_checked_by_form
@staff_required
def edit(post_id):
    post = db.get_or_404(NewsPost, post_id)
    form = PostForm(obj=post)
    if not form.is_submitted():
        form.project_id.data = post.project_id or 0
    return _form_page(post, form)


@manage_bp.post("/<int:post_id>/publish")
@staff_required
def publish(post_id):
    post = db.get_or_404(NewsPost, post_id)
    services.publish(post)
    db.session.commit()
    flash(_("“%(title)s” is published.", title=post.title), "success")
    return redirect(url_for(".index"))


@manage_bp.post("/<int:post_id>/unpublish")
@staff_required
def unpublish(post_id):
    post = db.get_or_404(NewsPost, post_id)
    services.unpublish(post)
    db.session.commit()
    flash(_("“%(title)s” is no longer published.", title=post.title), "success")
    return redirect(url_for(".index"))


@manage_bp.post("/<int:post_id>/delete")
@staff_required
def delete(post_id):
    post = db.get_or_404(NewsPost, post_id)
    db.session.delete(post)
    db.session.commit()
    flash(_("“%(title)s” is deleted.", title=post.title), "success")
    return redirect(url_for(".index"))
